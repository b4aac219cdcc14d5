// A sample of the model's paths, at least one per final state, per start condition, per first answer
// and per signed-in ending, run against the local server; each must make the same calls and show the
// same steps as its scripted run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sixTimesSeven, startHarness, type Harness } from '../e2e/harness'
import { CoverageRecorder } from './coverage'
import { PathRun } from './driver'
import { describe as name } from './views'
import { paths, stepsOf } from './modelPaths'
import type { ModelEvent } from './protocolModel'
import { ServerPathRun } from './serverRun'


/** The features a path shows; the sample takes paths until every feature is covered once. */
function features(path: (typeof paths)[number]): string[] {
  const steps = stepsOf(path)
  const last = steps.at(-1)!
  return [
    `final:${String(last.after.value)}`,
    ...steps.map((s) => {
      const e = s.event as ModelEvent & Record<string, unknown>
      if (e.type === 'GIVEN') return `given:${String(e.flow)}/${String(e.device)}`
      if (e.type === 'SIGN_IN') return `answer:${String(e.answer)}`
      if (e.type === 'END') return `ending:${String(e.ending)}`
      if ('right' in e && e.right === false) return `wrong:${e.type}`
      return `event:${e.type}${'confirm' in e ? `/${String(e.confirm)}` : ''}`
    }),
  ]
}

const seen = new Set<string>()
const sample = paths.filter((path) => {
  const fresh = features(path).filter((f) => !seen.has(f))
  fresh.forEach((f) => seen.add(f))
  return fresh.length > 0
})

let h: Harness
let custom: Harness
beforeAll(async () => {
  h = await startHarness()
  custom = await startHarness({ customAuth: sixTimesSeven })
})
afterAll(async () => {
  await h?.close()
  await custom?.close()
})

describe(`a sample of ${sample.length} model paths against the local server`, () => {
  it('covers every final state, start condition, first answer and ending', () => {
    const all = new Set(paths.flatMap(features))
    expect([...all].filter((f) => !seen.has(f))).toEqual([])
    expect(sample.length).toBeLessThan(40)
  })

  for (const path of sample) {
    const steps = stepsOf(path)
    it(steps.map((s) => name(s.event)).join(' > '), async () => {
      const scripted = new PathRun(new CoverageRecorder())
      await scripted.run(steps)
      const server = new ServerPathRun((steps[0]!.event as { flow: string }).flow === 'custom' ? custom : h)
      await server.run(steps)
      const side = (log: { calls: string[]; step: string }[]) => log.map((l, i) => `${name(steps[i]!.event)} -> ${l.step} [${l.calls.join(', ')}]`)
      expect(side(server.log)).toEqual(side(scripted.log))
    })
  }
})
