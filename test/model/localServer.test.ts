// A sample of the model's paths, at least one per final state, per start condition, per first answer,
// per answer of the device check after MFA and per signed-in ending, run against the local server; each
// must make the same calls and show the same steps as its scripted run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sixTimesSeven, startHarness, type Harness } from '../e2e/harness'
import { CoverageRecorder } from './coverage'
import { PathRun } from './driver'
import { describe as name } from './views'
import { paths } from './modelPaths'
import { firstAnswers, GIVENS, protocolModel, type Ending, type ModelContext, type ModelEvent } from './protocolModel'
import { ServerPathRun } from './serverRun'

const givenFeature = (e: Extract<ModelEvent, { type: 'GIVEN' }>) => `given:${e.flow}/${e.device}${e.server ? `/${e.server}` : ''}`

/** The features a path shows; the sample takes paths until every feature is covered once. */
function features(path: (typeof paths)[number]): string[] {
  const steps = path
  const last = steps.at(-1)!
  return [
    `final:${String(last.after.value)}`,
    ...steps.map((s) => {
      const e = s.event as ModelEvent & Record<string, unknown>
      if (e.type === 'GIVEN') return givenFeature(e as Extract<ModelEvent, { type: 'GIVEN' }>)
      if (e.type === 'SIGN_IN') return `answer:${String(e.answer)}`
      // MFA on a presented key, then GetDevice: Cognito holds the device remembered, or not
      if (e.type === 'SUBMIT_CODE' && s.before.context.server && e.right && !e.sessionSpent) return `deviceCheck:${s.before.context.server}`
      if (e.type === 'END') return `ending:${String(e.ending)}`
      if ('right' in e && e.right === false) return `wrong:${e.type}`
      return `event:${e.type}${'confirm' in e ? `/${String(e.confirm)}` : ''}`
    }),
  ]
}

/** The start conditions the local-server sample plays (USER_AUTH's are played by the scripted run only, for now). */
const onServer = (e: ModelEvent) => e.type === 'GIVEN' && e.flow !== 'userAuth'

const seen = new Set<string>()
const sample = paths.filter((path) => {
  if (!onServer(path[0]!.event)) return false
  const fresh = features(path).filter((f) => !seen.has(f))
  fresh.forEach((f) => seen.add(f))
  return fresh.length > 0
})

/** Every ending the model offers (a record, so the compiler checks that none is missing). */
const ENDINGS: Record<Ending, true> = {
  signOut: true,
  globalSignOut: true,
  forgetDevice: true,
  listDevices: true,
  refresh: true,
  trustLapses: true,
  reload: true,
  toggleRemember: true,
}

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
    // The expected features come from the model's own definitions, not from the paths the sample was
    // built from, so a final state, start, answer or ending that no path reaches fails here.
    const finals = Object.entries(protocolModel.config.states ?? {})
      .filter(([, state]) => state.type === 'final')
      .map(([key]) => `final:${key}`)
    const givens = GIVENS.filter(onServer).map((e) => (e.type === 'GIVEN' ? givenFeature(e) : ''))
    const answers = GIVENS.filter(onServer)
      .flatMap((e) =>
        e.type === 'GIVEN' ? firstAnswers({ flow: e.flow, device: e.device, server: e.server ?? null } as ModelContext) : [],
      )
      .map((a) => `answer:${a}`)
    const deviceChecks = ['deviceCheck:remembered', 'deviceCheck:notRemembered']
    const endings = Object.keys(ENDINGS).map((ending) => `ending:${ending}`)
    const expected = [...new Set([...finals, ...givens, ...answers, ...deviceChecks, ...endings])]
    expect(finals.length).toBeGreaterThan(0)
    expect(expected.filter((f) => !seen.has(f))).toEqual([])
    expect(sample.length).toBeLessThan(40)
  })

  for (const path of sample) {
    const steps = path
    it(steps.map((s) => name(s.event)).join(' > '), async () => {
      const scripted = new PathRun(new CoverageRecorder())
      await scripted.run(steps)
      const server = new ServerPathRun((steps[0]!.event as { flow: string }).flow === 'custom' ? custom : h)
      await server.run(steps)
      const side = (log: { calls: string[]; step: string }[]) =>
        log.map((l, i) => `${name(steps[i]!.event)} -> ${l.step} [${l.calls.join(', ')}]`)
      expect(side(server.log)).toEqual(side(scripted.log))
    })
  }
})
