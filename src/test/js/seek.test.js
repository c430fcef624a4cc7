import { seek } from '../assets/seek.js';
import { eq, ok, test } from './harness.js';

// a history of three runs: ids jump at each start (ids begin at the start's ms x 1000), ts grows
function history() {
  const events = [];
  let ts = 1_700_000_000_000;
  for (const start of [1_700_000_000_000_000n, 1_700_100_000_000_000n, 1_700_300_000_000_000n]) {
    for (let i = 0n; i < 40_000n; i++) {
      events.push({ id: (start + i).toString(), ts: (ts += 7) });
    }
  }
  return events;
}

function reads(events) {
  const calls = { n: 0 };
  const firstAbove = (after) => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (BigInt(events[mid].id) > after) hi = mid;
      else lo = mid + 1;
    }
    return events[lo] || null;
  };
  return {
    calls,
    oldest: async () => (calls.n++, events[0] || null),
    newest: async () => (calls.n++, events[events.length - 1] || null),
    next: async (after) => (calls.n++, firstAbove(after)),
  };
}

test('the seek lands on the first event at or after the moment in a few dozen reads', async () => {
  const events = history();
  for (const index of [1, 17, 39_999, 40_000, 40_001, 77_777, 119_999]) {
    const r = reads(events);
    const found = await seek(events[index].ts, r);
    eq(found.id, events[index].id, `index ${index}`);
    ok(r.calls.n <= 70, `at most 70 reads for index ${index}, not ${r.calls.n}`);
    const between = await seek(events[index].ts - 3, reads(events));
    eq(between.id, events[index].id, `between ${index - 1} and ${index}`);
  }
});

test('before the oldest event the seek answers the oldest, after the newest nothing', async () => {
  const events = history();
  eq((await seek(0, reads(events))).id, events[0].id);
  eq(await seek(events[events.length - 1].ts + 1, reads(events)), null);
  eq(await seek(5, reads([])), null);
});
