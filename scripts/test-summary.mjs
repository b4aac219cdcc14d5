// Prints the closing line of `npm test` from vitest's JSON report: "tests: N passed, N failed".
// Exits non-zero when the report is missing or counts no test, so an empty run cannot pass.
import { readFileSync } from 'node:fs'

const report = JSON.parse(readFileSync(new URL('../test-results/vitest.json', import.meta.url), 'utf8'))
const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numTodoTests: todo } = report
console.log(`tests: ${passed} passed, ${failed} failed${skipped + todo ? `, ${skipped + todo} skipped` : ''}`)
if (passed === 0 || failed > 0 || skipped + todo > 0) process.exit(1)
