// Runs every unit test module in this browser and leaves the outcome in window.unitResults.
import { run } from './harness.js';
import './filter.test.js';
import './store.test.js';
import './text.test.js';
import './stream.test.js';
import './rows.test.js';
import './alerts.test.js';

run().then((results) => {
  window.unitResults = results;
  document.getElementById('results').textContent =
    `${results.passed} of ${results.total} passed\n` + results.failed.join('\n');
});
