// Prints the closing line of `npm test` from vitest's JSON reports (the main suite and the browser
// suite): "tests: N passed, N failed". Exits non-zero when a report is missing, counts no test, or
// has a failed or skipped test, so an empty or partial run cannot pass.
import { readFileSync } from 'node:fs'

const reports = ['vitest.json', 'vitest-browser.json'].map((file) => {
  const report = JSON.parse(readFileSync(new URL(`../test-results/${file}`, import.meta.url), 'utf8'))
  if (report.numPassedTests === 0) throw new Error(`${file} counts no passed test`)
  return report
})
const sum = (key) => reports.reduce((n, report) => n + report[key], 0)
const passed = sum('numPassedTests')
const failed = sum('numFailedTests')
const skipped = sum('numPendingTests') + sum('numTodoTests')
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
if (failed > 0 || skipped > 0) process.exit(1)
