// Model-based tests: every simple path of the protocol model on the real client; then faults at the
// calls those paths make: every (machine state, call, fault kind) once, plus a random sample of the rest
// (`npm run test:faults:all` runs them all); ends with the coverage of the real machine, which must be
// complete.
import { describe, expect, it } from 'vitest'
import { authMachine } from '../../src/machine/index'
import { CoverageRecorder, definitionOf } from './coverage'
import { PathRun } from './driver'
import { faultsFor, type CallInfo, type FaultKind } from './faults'
import { describe as name } from './views'
import { paths, stepsOf } from './modelPaths'
import { scenarios } from './scenarios'

/** The number of simple paths of the model. A change here is a change in reachability: review it. */
const EXPECTED_PATHS = 1124
/** How many (path, call, fault) triples the random sample runs beside the fixed set. */
const FAULT_SAMPLE = 300
/** A new seed each run, printed; `MODEL_FAULT_SEED=<n>` runs that sample again. */
const SEED = Number(process.env.MODEL_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31))
/** `MODEL_FAULTS=all` (npm run test:faults:all): every triple, not a sample. */
const ALL = process.env.MODEL_FAULTS === 'all'

const titleOf = (path: (typeof paths)[number]) =>
  stepsOf(path)
    .map((s) => name(s.event))
    .join(' > ')

const coverage = new CoverageRecorder()
const cleanCalls = new Map<number, CallInfo[]>()
const counts = { fixed: 0, sampled: 0, total: 0 }

interface Triple {
  path: number
  call: number
  kind: FaultKind
  where: string
}

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

/** A small deterministic PRNG (mulberry32), so a printed seed gives the same sample again. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Every (path, call, fault) triple of the clean runs, the fixed set first: one per machine state, call and fault kind. */
async function triples(): Promise<{ fixed: Triple[]; rest: Triple[] }> {
  const fixed: Triple[] = []
  const rest: Triple[] = []
  const seen = new Set<string>()
  for (let path = 0; path < paths.length; path++) {
    // Normally recorded by the clean runs above; recomputed when those were filtered out.
    const calls = cleanCalls.get(path) ?? (await new PathRun(coverage).run(stepsOf(paths[path]!))).calls
    calls.forEach((call, i) =>
      faultsFor(call).forEach((kind) => {
        const key = `${call.state} ${call.label} ${kind}`
        const triple = { path, call: i, kind, where: `${kind} at call ${i + 1} (${call.label}) of path ${path + 1}` }
        if (seen.has(key)) rest.push(triple)
        else {
          seen.add(key)
          fixed.push(triple)
        }
      }),
    )
  }
  return { fixed, rest }
}

/**
 * Triples run at once. Each has its own client, storage and scripted Cognito; several at a time keep the
 * CPU busy while others wait out a silent server's timeout.
 */
const CONCURRENCY = 6

/** Runs triples, collecting every failure (one failing triple does not hide the others), in list order. */
async function runAll(list: Triple[], recorder: CoverageRecorder): Promise<string[]> {
  const failures: (string | undefined)[] = new Array(list.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < list.length; i = next++) {
      const { path, call, kind, where } = list[i]!
      const result = await new PathRun(recorder, { index: call, kind })
        .run(stepsOf(paths[path]!))
        .catch((error: Error) => ({ failure: `${where}: ${error.message}\n    path: ${titleOf(paths[path]!)}` }))
      if ('failure' in result) failures[i] = result.failure
      else if (!result.faultOutcome) failures[i] = `${where}: the fault never fired`
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return failures.filter((f): f is string => f !== undefined)
}

describe(`faults at every call (seed ${SEED}${ALL ? ', all triples' : ''})`, () => {
  it('every machine state, call and fault kind once', { timeout: 900_000 }, async () => {
    const { fixed } = await triples()
    counts.fixed = fixed.length
    expect(fixed.length).toBeGreaterThan(100)
    expect(await runAll(fixed, coverage)).toEqual([])
  })

  it(ALL ? 'every other triple' : `a random sample of ${FAULT_SAMPLE} other triples`, { timeout: ALL ? 7_200_000 : 900_000 }, async () => {
    const { rest } = await triples()
    counts.total = counts.fixed + rest.length
    const next = random(SEED)
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      ;[rest[i], rest[j]] = [rest[j]!, rest[i]!]
    }
    const chosen = ALL ? rest : rest.slice(0, FAULT_SAMPLE)
    counts.sampled = chosen.length
    console.log(`fault sample: ${chosen.length} of ${rest.length} triples, seed ${SEED} (MODEL_FAULT_SEED=${SEED} runs it again)`)
    // its own recorder: the coverage of the machine must not depend on which triples a seed drew
    expect(await runAll(chosen, new CoverageRecorder())).toEqual([])
  })
})

describe('what no model path reaches', () => {
  for (const [title, run] of Object.entries(scenarios)) it(title, () => run(coverage))
})

describe('coverage of the real machine', () => {
  it('every state and every transition of authMachine was taken', () => {
    const report = coverage.report(definitionOf(authMachine))
    console.log(
      `model coverage: states ${report.states}/${report.totalStates}, transitions ${report.transitions}/${report.totalTransitions}, paths ${paths.length}` +
        ` (faults: ${counts.fixed} fixed + ${counts.sampled} sampled of ${counts.total}, seed ${SEED})`,
    )
    expect({ states: report.missingStates, transitions: report.missingTransitions }).toEqual({ states: [], transitions: [] })
  })
})
