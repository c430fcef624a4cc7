// A small test harness for the page's pure modules: test(name, fn), assertions, run().
const tests = [];

export function test(name, fn) {
  tests.push({ name, fn });
}

function show(v) {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export function eq(actual, expected, what = '') {
  if (show(actual) !== show(expected)) throw new Error(`${what} expected ${show(expected)} but was ${show(actual)}`);
}

export function ok(condition, what) {
  if (!condition) throw new Error(`expected ${what}`);
}

/** Resolves once `condition()` is true (polled every 20 ms), or rejects after `ms` naming `what`. */
export async function eventually(condition, what, ms = 5000) {
  const until = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`expected ${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs every test in turn: one result per test, `error` null when it passed. */
export async function run() {
  const results = [];
  for (const t of tests) {
    try {
      await t.fn();
      results.push({ name: t.name, error: null });
    } catch (e) {
      results.push({ name: t.name, error: String(e && e.message ? e.message : e) });
    }
  }
  return results;
}
