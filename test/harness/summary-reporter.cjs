// Mocha's spec reporter, plus one line "passed failed" appended to $TEST_SUMMARY_FILE so the test
// script can print a total over the unit and integration runs.
const { appendFileSync } = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.TEST_SUMMARY_FILE;
      if (file) appendFileSync(file, `${runner.stats.passes} ${runner.stats.failures}\n`);
    });
  }
}

module.exports = SummaryReporter;
