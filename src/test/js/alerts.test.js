import { lineOf, rulesOf } from '../assets/alerts.js';
import { eq, test } from './harness.js';

test('alert rules: one a line, blank lines left out, a refused rule named by its line', () => {
  eq(rulesOf(' a: 1 ERROR in 5 s \n\n  \nb: 2 WARN where k=v in 1 m\n'), [
    'a: 1 ERROR in 5 s',
    'b: 2 WARN where k=v in 1 m',
  ]);
  eq(rulesOf(''), []);
  eq(lineOf('rules[0]'), 1);
  eq(lineOf('rules[12]'), 13);
  eq(lineOf('rules'), 0);
  eq(lineOf(undefined), 0);
});
