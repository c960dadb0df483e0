/**
 * A jest reporter that lists every skipped test at the end of the run, with its full title (which
 * says why it was skipped: see docs/guides/testing.md). jest's default reporter prints nothing for
 * a file whose tests are all skipped, not even the reason the file printed, so without this a
 * skipped suite would pass silently.
 */
const path = require('node:path');

class SkipReasonReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const skipped = [];
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo' || test.status === 'disabled') {
          skipped.push(`  ○ ${test.fullName}  (${path.relative(this.rootDir, file.testFilePath)})`);
        }
      }
    }
    if (skipped.length === 0) return;
    process.stderr.write(`\nSkipped tests (${skipped.length}), each saying why:\n${skipped.join('\n')}\n`);
  }
}

module.exports = SkipReasonReporter;
