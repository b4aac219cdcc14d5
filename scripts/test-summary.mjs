// Prints the closing line of `npm test` from vitest's JSON reports (the main suite and the browser
// suite): "tests: N passed, N failed". Exits non-zero when a report is missing, counts no test, or
// has a failed or skipped test or a failed file or suite (an import error or a hook that failed or timed
// out, which may leave no test marked failed), so an empty or partial run cannot pass.
// Usage: node scripts/test-summary.mjs [directory of the reports, test-results/ by default]
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = process.argv[2] ?? fileURLToPath(new URL('../test-results', import.meta.url))
const reports = ['vitest.json', 'vitest-browser.json'].map((file) => {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  if (!(report.numPassedTests > 0)) throw new Error(`${file} counts no passed test`)
  return report
})
const sum = (key) => reports.reduce((n, report) => n + (report[key] ?? 0), 0)
const passed = sum('numPassedTests')
const failed = sum('numFailedTests')
const skipped = sum('numPendingTests') + sum('numTodoTests')
const failedSuites = sum('numFailedTestSuites')
const unsuccessful = reports.filter((report) => report.success !== true).length
console.log(
  `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${failedSuites ? `, ${failedSuites} files or suites failed` : ''}`,
)
if (failed > 0 || skipped > 0 || failedSuites > 0 || unsuccessful > 0) process.exit(1)
