import { asJson, asLine } from '../assets/details.js';
import { gapText } from '../assets/list.js';
import { eq, ok, test } from './harness.js';

const e = {
  id: '7',
  ts: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
  level: 'ERROR',
  logger: 'com.acme.Orders',
  thread: 'worker-1',
  message: 'boom',
  thrown: 'java.lang.IllegalStateException: boom\n\tat com.acme.Orders.place(Orders.java:1)',
};

test('a line to copy: ISO time, level, thread, logger, message, stack trace', () => {
  eq(asLine(e), '2026-01-02T03:04:05.006Z ERROR [worker-1] com.acme.Orders - boom\n' + e.thrown);
  eq(asLine({ ...e, thread: undefined, thrown: undefined }), '2026-01-02T03:04:05.006Z ERROR com.acme.Orders - boom');
});

test('the JSON to copy is the event as the API gives it', () => {
  const held = { ...e, clipped: true, messageLength: 9000 };
  eq(JSON.parse(asJson(held)), e);
});

test('a gap says the count only when the server knows it, and the time range', () => {
  const past = Date.UTC(2020, 0, 2, 3, 4, 5, 6); // another day: the rows show the date too
  const gap = { gap: true, from: '10', to: '19', ts: past, fromTs: past, toTs: past + 60000 };
  const counted = gapText({ ...gap, missed: 10000 }, 'UTC');
  const range = 'between 2020-01-02 03:04:05.006 and 2020-01-02 03:05:05.006';
  ok(counted.startsWith(`${(10000).toLocaleString()} events missed while disconnected ${range}`), counted);
  ok(gapText(gap, 'UTC').startsWith('Events missed while disconnected between'), 'no invented count');
  ok(gapText(gap, 'UTC').endsWith('(ids 10–19 no longer held)'), 'the ids');
});
