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

export async function run() {
  const failed = [];
  let passed = 0;
  for (const t of tests) {
    try {
      await t.fn();
      passed++;
    } catch (e) {
      failed.push(`${t.name}: ${e && e.message ? e.message : e}`);
    }
  }
  return { passed, failed, total: tests.length };
}
