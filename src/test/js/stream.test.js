import { backoff, silenceLimit } from '../assets/stream.js';
import { eq, ok, test } from './harness.js';

test('a quiet stream is alive for three announced health periods', () => {
  eq(silenceLimit(60000), 182000);
  eq(silenceLimit(2000), 8000);
  eq(silenceLimit(0), Infinity, 'no health samples: no watchdog');
  eq(silenceLimit(undefined, [0, 30000, 60000, 90000]), 92000, 'observed periods when not announced');
  ok(silenceLimit(undefined) >= 60000, 'lenient before anything is known');
});

test('retries are jittered, grow and are capped', () => {
  const low = () => 0;
  const high = () => 0.999999;
  ok(backoff(1, 2000, low) === 1000 && backoff(1, 2000, high) >= 2990, 'first: retry ± half');
  ok(backoff(3, 2000, low) === 2000 && backoff(3, 2000, high) === 4000, 'third: 2-4 s');
  eq(backoff(20, 2000, high), 30000, 'capped');
});
