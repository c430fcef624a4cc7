// The time jump's seek: where history reaches a moment, found by bisecting the ids with one-event
// reads (each a primary-key lookup on the server) rather than by scanning back from the newest
// event, so "yesterday 14:05" costs a few dozen small requests however much the store holds.

/**
 * The first event whose `ts` is at or after `ms`, taking `ts` to grow with the id (nearly so: a
 * late shipper's event only moves where the jump lands, never what the filtered reads around it
 * show), or null when every event is older. At most about 70 reads.
 *
 * @param {number} ms the moment, epoch milliseconds
 * @param {object} reads unfiltered one-event reads, each answering an event or null
 * @param {() => Promise<object|null>} reads.oldest the oldest event held
 * @param {() => Promise<object|null>} reads.newest the newest event
 * @param {(after: bigint) => Promise<object|null>} reads.next the first event with an id above
 */
export async function seek(ms, { oldest, newest, next }) {
  const first = await oldest();
  if (!first || first.ts >= ms) return first;
  const last = await newest();
  if (!last || last.ts < ms) return null;
  let lo = BigInt(first.id); // older than ms
  let hi = last; // at or after ms: the first such known
  let top = BigInt(last.id) - 1n; // the ids above it and below hi hold no event
  for (let step = 0; step < 70 && top > lo; step++) {
    const mid = lo + (top - lo) / 2n;
    const e = await next(mid);
    if (!e || BigInt(e.id) > top) {
      top = mid; // nothing between mid and hi
    } else if (e.ts >= ms) {
      hi = e;
      top = mid; // nothing between mid and e either
    } else {
      lo = BigInt(e.id);
    }
  }
  return hi;
}
