// Mocha's spec output for people, plus one JSON line per run for scripts/test.sh to add up into the
// closing lines: the counts, and each failed test's title and first line of its error, so the end of
// a long run says which test failed even when only its tail is kept.
const Mocha = require('mocha');
const fs = require('node:fs');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failedTests = [];
    runner.on('fail', (test, error) => {
      const message = String((error && error.message) || error).split('\n')[0];
      failedTests.push(`${test.fullTitle()}: ${message}`);
    });
    runner.once('end', () => {
      const file = process.env.TEST_SUMMARY_FILE;
      if (file) {
        const { passes, failures, pending } = this.stats;
        const suite = process.env.TEST_SUITE_NAME || 'tests';
        fs.appendFileSync(file, JSON.stringify({ suite, passed: passes, failed: failures, pending, failedTests }) + '\n');
      }
    });
  }
}
module.exports = SummaryReporter;
