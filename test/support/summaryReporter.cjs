// Mocha's spec output for people, plus one JSON line of counts per run for scripts/test.sh to add up
// into the closing "N passed, N failed" line.
const Mocha = require('mocha');
const fs = require('node:fs');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.TEST_SUMMARY_FILE;
      if (file) {
        const { passes, failures, pending } = this.stats;
        const suite = process.env.TEST_SUITE_NAME || 'tests';
        fs.appendFileSync(file, JSON.stringify({ suite, passed: passes, failed: failures, pending }) + '\n');
      }
    });
  }
}
module.exports = SummaryReporter;
