import { it } from 'vitest'
import { CoverageRecorder } from './coverage'
import { PathRun } from './driver'
import { paths, stepsOf } from './modelPaths'
import { describe as name } from './views'
it('debug', async () => {
  for (const i of [0, 12]) console.log(i + 1, stepsOf(paths[i]!).map((s) => name(s.event)).join(' > '))
  const run = new PathRun(new CoverageRecorder(), { index: 0, kind: 'oversized' })
  const r = await run.run(stepsOf(paths[0]!)).catch((e) => String(e))
  console.log(JSON.stringify(r), run.cognito.calls)
})
