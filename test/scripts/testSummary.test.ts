// scripts/test-summary.mjs closes `npm test`: it must fail on anything short of a whole passing run in both
// reports, a skipped or todo test included (vitest counts `it.skip`, `skipIf` and a runtime `ctx.skip()` as
// pending), and on a file or suite that failed with no test marked failed (an import error, a hook timeout).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const SCRIPT = fileURLToPath(new URL('../../scripts/test-summary.mjs', import.meta.url))
const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

/** The fields of vitest's JSON report the summary reads, for a run of `passed` passing tests. */
const passing = (passed: number) => ({
  numPassedTests: passed,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numFailedTestSuites: 0,
  success: true,
})
type Report = ReturnType<typeof passing>

/** Runs the summary over a directory holding the given reports (a missing one is not written). */
function summarize(main: Report | undefined, browser: Report | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'test-summary-'))
  dirs.push(dir)
  if (main) writeFileSync(join(dir, 'vitest.json'), JSON.stringify(main))
  if (browser) writeFileSync(join(dir, 'vitest-browser.json'), JSON.stringify(browser))
  const { status, stdout } = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8', timeout: 60_000 })
  return { status, stdout: stdout.trim() }
}

describe('scripts/test-summary.mjs', { timeout: 120_000 }, () => {
  it('passes a whole run of both suites and counts them together', () => {
    expect(summarize(passing(5), passing(3))).toEqual({ status: 0, stdout: 'tests: 8 passed, 0 failed' })
  })

  it('fails on a skipped or a todo test in either report', () => {
    expect(summarize(passing(5), { ...passing(3), numPendingTests: 1 })).toEqual({
      status: 1,
      stdout: 'tests: 8 passed, 0 failed, 1 skipped',
    })
    expect(summarize({ ...passing(5), numTodoTests: 2 }, passing(3))).toEqual({ status: 1, stdout: 'tests: 8 passed, 0 failed, 2 skipped' })
  })

  it('fails on a failed test, and on a failed file or suite with no failed test', () => {
    expect(summarize({ ...passing(4), numFailedTests: 1, success: false }, passing(3)).status).toBe(1)
    expect(summarize(passing(5), { ...passing(3), numFailedTestSuites: 1, success: false })).toEqual({
      status: 1,
      stdout: 'tests: 8 passed, 0 failed, 1 files or suites failed',
    })
    expect(summarize({ ...passing(5), success: false }, passing(3)).status).toBe(1)
  })

  it('fails when a report is missing or counts no passed test', () => {
    expect(summarize(passing(5), undefined).status).not.toBe(0)
    expect(summarize(undefined, passing(3)).status).not.toBe(0)
    expect(summarize(passing(5), passing(0)).status).not.toBe(0)
  })
})
