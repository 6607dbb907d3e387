// Appends one JSON line per jest run ({ project, passed, failed }) to the file named by LENET_TEST_SUMMARY,
// so .ci/run can print one `N passed, N failed` line over every Nx project. A suite that crashed before
// running its tests counts as one failure, so a broken file can never look green.
const fs = require('node:fs');

class SummaryReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(_contexts, results) {
    const file = process.env.LENET_TEST_SUMMARY;
    if (!file) return;
    const line = {
      project: this.globalConfig.rootDir,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
    };
    fs.appendFileSync(file, JSON.stringify(line) + '\n');
  }
}

module.exports = SummaryReporter;
