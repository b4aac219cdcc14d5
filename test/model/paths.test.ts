// Model-based tests: every simple path of the protocol model, then one fault at each call of a seeded
// sample of (path, call, fault) triples, all against the real client; ends with the coverage of the
// real machine, which must be complete.
import { afterAll, describe, expect, it } from 'vitest'
import { authMachine } from '../../src/index'
import { CoverageRecorder, definitionOf } from './coverage'
import { PathRun } from './driver'
import { faultsFor, type CallInfo, type FaultKind } from './faults'
import { describe as name } from './views'
import { paths, stepsOf } from './modelPaths'
import { scenarios } from './scenarios'

/** The number of simple paths of the model. A change here is a change in reachability: review it. */
const EXPECTED_PATHS = 1079
/** How many (path, call, fault) triples run, drawn with a fixed seed from all of them. */
const FAULT_SAMPLE = 600
const SEED = Number(process.env.MODEL_FAULT_SEED ?? 20261126)

const titleOf = (path: (typeof paths)[number]) =>
  stepsOf(path)
    .map((s) => name(s.event))
    .join(' > ')

const coverage = new CoverageRecorder()
const cleanCalls = new Map<number, CallInfo[]>()
const faultCounts = { total: 0, run: 0 }

describe('every simple path of the protocol model, on the real client', () => {
  it('the model has the committed number of paths', () => {
    expect(paths.length).toBe(EXPECTED_PATHS)
  })

  paths.forEach((path, index) => {
    it(`${index + 1}: ${titleOf(path)}`, async () => {
      const result = await new PathRun(coverage).run(stepsOf(path))
      cleanCalls.set(index, result.calls)
    })
  })
})

/** A small deterministic PRNG (mulberry32), so the fault sample is the same on every run. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe(`faults at every call (a sample of ${FAULT_SAMPLE}, seed ${SEED})`, () => {
  // The triples are known once the clean runs have recorded their calls; vitest collects tests up
  // front, so each sampled slot picks its triple when it runs.
  const triples: { path: number; call: number; kind: FaultKind; label: string }[] = []
  const pick = async () => {
    if (triples.length > 0) return
    const all: typeof triples = []
    for (let path = 0; path < paths.length; path++) {
      // Normally recorded by the clean runs above; recomputed when those were filtered out.
      const calls = cleanCalls.get(path) ?? (await new PathRun(coverage).run(stepsOf(paths[path]!))).calls
      calls.forEach((call, i) => faultsFor(call).forEach((kind) => all.push({ path, call: i, kind, label: call.label })))
    }
    faultCounts.total = all.length
    const next = random(SEED)
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      ;[all[i], all[j]] = [all[j]!, all[i]!]
    }
    triples.push(...all.slice(0, FAULT_SAMPLE))
  }

  for (let slot = 0; slot < FAULT_SAMPLE; slot++) {
    it(`fault #${slot + 1}`, async () => {
      await pick()
      const triple = triples[slot]
      expect(triple, 'fewer fault triples than the sample size').toBeDefined()
      const { path, call, kind, label } = triple!
      const where = `${kind} at call ${call + 1} (${label}) of path ${path + 1}: ${titleOf(paths[path]!)}`
      const result = await new PathRun(coverage, { index: call, kind }).run(stepsOf(paths[path]!)).catch((error: Error) => {
        throw new Error(`${where}: ${error.message}`)
      })
      expect(result.faultOutcome, 'the fault fired').toBeDefined()
      faultCounts.run++
    })
  }
})

describe('what no model path reaches', () => {
  for (const [title, run] of Object.entries(scenarios)) it(title, () => run(coverage))
})

describe('coverage of the real machine', () => {
  it('every state and every transition of authMachine was taken', () => {
    const report = coverage.report(definitionOf(authMachine))
    console.log(
      `model coverage: states ${report.states}/${report.totalStates}, transitions ${report.transitions}/${report.totalTransitions}, paths ${paths.length}` +
        ` (faults: ${faultCounts.run} run of ${faultCounts.total}, seed ${SEED})`,
    )
    expect({ states: report.missingStates, transitions: report.missingTransitions }).toEqual({ states: [], transitions: [] })
  })
})

afterAll(() => undefined)
