// Runs every unit test module in this browser and leaves the outcome in window.unitResults
// (read by PageModulesTest): one { name, error } per test.
import { run } from './harness.js';
import './filter.test.js';
import './store.test.js';
import './text.test.js';
import './stream.test.js';
import './rows.test.js';
import './alerts.test.js';
import './shared-stream.test.js';
import './seek.test.js';

run().then((results) => {
  window.unitResults = results;
  const failed = results.filter((r) => r.error);
  document.getElementById('results').textContent =
    `${results.length - failed.length} of ${results.length} passed\n` +
    failed.map((r) => `${r.name}: ${r.error}`).join('\n');
});
