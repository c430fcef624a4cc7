import { clock, foldStack, looksJson, parseWhen, shortLogger, visible } from '../assets/text.js';
import { eq, ok, test } from './harness.js';

test('invisible and control characters become visible', () => {
  eq(visible('a\u202Eb\u001b[31m'), 'a\u27e8U+202E\u27e9b\u241b[31m');
  eq(visible('x\ny'), 'x\u240ay');
  eq(visible('x\ny', true), 'x\ny');
});

test('logger names shorten', () => {
  eq(shortLogger('com.acme.orders.OrderService'), 'c.a.o.OrderService');
  eq(shortLogger('short.Name'), 'short.Name');
  eq(shortLogger(undefined), '');
});

test('times: local or UTC, the date when not today, relative', () => {
  const ts = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
  eq(clock(ts, 'UTC', ts + 1000), '03:04:05.006');
  eq(clock(ts, 'UTC', ts + 2 * 86400000), '2026-01-02 03:04:05.006');
  ok(/^\d\d:\d\d:05\.006$/.test(clock(ts, 'local', ts)), 'local time of day');
  ok(/5/.test(clock(ts - 5000, 'relative', ts)), 'relative seconds');
  ok(/min/.test(clock(ts - 180000, 'relative', ts)), 'relative minutes');
});

test('looksJson', () => {
  ok(looksJson(' {"a":1}'), 'object');
  ok(!looksJson('plain'), 'text');
});

test('stack traces fold platform frames and keep Caused by and the application', () => {
  const trace = [
    'java.lang.IllegalStateException: boom',
    '\tat com.acme.Foo.bar(Foo.java:7)',
    '\tat java.base/java.lang.Thread.run(Thread.java:1)',
    '\tat org.glassfish.jersey.Server.handle(Server.java:2)',
    '\tat jakarta.servlet.Filter.do(Filter.java:3)',
    'Caused by: java.io.IOException: disk',
    '\tat java.io.File.open(File.java:9)',
    '\tat com.acme.Store.save(Store.java:12)',
    '\t... 4 more',
  ].join('\n');
  const parts = foldStack(trace);
  const kinds = parts.map((p) => (p.fold ? `fold${p.lines.length}` : p.lines[0].trim().slice(0, 9)));
  eq(kinds, ['java.lang', 'at com.ac', 'fold3', 'Caused by', 'fold1', 'at com.ac', '... 4 mor']);
  eq(parts.flatMap((p) => p.lines).join('\n'), trace, 'nothing lost');
});

test('a time jump reads 14:05, yesterday 14:05, a date, ISO-8601 and epoch ms', () => {
  const now = Date.UTC(2026, 11, 7, 10, 0, 0); // 10:00 UTC on 7 December
  eq(parseWhen('09:30', 'UTC', now), Date.UTC(2026, 11, 7, 9, 30), 'earlier today');
  eq(parseWhen('14:05', 'UTC', now), Date.UTC(2026, 11, 6, 14, 5), 'still to come: yesterday');
  eq(parseWhen('14:05 yesterday', 'UTC', now), Date.UTC(2026, 11, 6, 14, 5));
  eq(parseWhen('yesterday at 14:05:30', 'UTC', now), Date.UTC(2026, 11, 6, 14, 5, 30));
  eq(parseWhen('2026-12-01 08:00', 'UTC', now), Date.UTC(2026, 11, 1, 8, 0));
  eq(parseWhen('2026-12-01T08:00:00Z', 'local', now), Date.UTC(2026, 11, 1, 8, 0));
  eq(parseWhen('1796512345000', 'local', now), 1796512345000);
  eq(
    parseWhen('14:05', 'local', now),
    (() => {
      const d = new Date(now);
      const t = new Date(d.getFullYear(), d.getMonth(), d.getDate(), 14, 5).getTime();
      return t > now ? t - 86400000 : t;
    })(),
    'in the browser zone',
  );
  ok(Number.isNaN(parseWhen('soon', 'UTC', now)));
  ok(Number.isNaN(parseWhen('25:00', 'UTC', now)));
});
