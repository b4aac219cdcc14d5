// Model-based tests: every simple path of the protocol models (the sign-in, protocolModel.ts; the account
// flows, accountModel.ts; the account page, profileModel.ts) on the real client; then faults at the calls
// those paths make: every (client state, call, fault kind) once, plus a random sample of the rest
// (`npm run test:faults:all` runs them all); ends with the coverage of the real charts (the sign-in
// machine, the sign-up, reset and account-page charts), which must be complete.
import { describe, expect, it, vi } from 'vitest'
import type { AnyActorRef, AnyStateMachine } from 'xstate'
import { profileChart } from '../../src/account/profileChart'
import { resetChart } from '../../src/account/resetChart'
import { signUpChart } from '../../src/account/signUpChart'
import type { AuthDeps } from '../../src/machine/AuthDeps'
import { authMachine } from '../../src/machine/index'
import { AccountRun } from './accountDriver'
import type { RunResult } from './clientRun'
import { CoverageRecorder, definitionOf } from './coverage'
import { PathRun } from './driver'
import { faultsFor, type CallInfo, type FaultKind } from './faults'
import { flowsReported } from './flowWatch'
import { accountPaths, paths, profilePaths } from './modelPaths'
import { profileFaultable, ProfileRun } from './profileDriver'
import { scenarios } from './scenarios'
import { describe as name } from './views'

// The client keeps an account flow's actor to itself (src/accountHost.ts, src/profileHost.ts): every actor
// xstate creates is reported to flowWatch.ts, which gives the account charts' actors to the run whose
// command created them.
vi.mock('xstate', async (importOriginal) => {
  const xstate = await importOriginal<typeof import('xstate')>()
  const { actorCreated, flowInspector } = await import('./flowWatch')
  const createActor = (logic: unknown, options?: { inspect?: unknown }) => {
    const inspect = flowInspector(logic)
    if (inspect && options?.inspect) throw new Error('the account flow has an inspector of its own: watch it through that')
    const actor = (xstate.createActor as (...args: unknown[]) => AnyActorRef)(logic, inspect ? { ...options, inspect } : options)
    actorCreated(logic, actor)
    return actor
  }
  return { ...xstate, createActor }
})

/** The number of simple paths of each model. A change here is a change in reachability: review it. */
const EXPECTED_PATHS = 1340
const EXPECTED_ACCOUNT_PATHS = 336
const EXPECTED_PROFILE_PATHS = 327
/** How many (path, call, fault) triples the random sample runs beside the fixed set. */
const FAULT_SAMPLE = 300
/** A new seed each run, printed; `MODEL_FAULT_SEED=<n>` runs that sample again. */
const SEED = Number(process.env.MODEL_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31))
/** `MODEL_FAULTS=all` (npm run test:faults:all): every triple, not a sample. */
const ALL = process.env.MODEL_FAULTS === 'all'

/** A model's paths, and how one is run on the real client (with a recorder, and at most one fault). */
interface Suite {
  paths: { event: { type: string } }[][]
  run(path: number, recorder: CoverageRecorder, fault?: { index: number; kind: FaultKind }): Promise<RunResult>
  /** The calls that get faults (all when not given): another suite's driver may check some in the same client states. */
  faultable?: (call: CallInfo) => boolean
}
type SuiteName = 'signIn' | 'account' | 'profile'
const SUITES: Record<SuiteName, Suite> = {
  signIn: { paths, run: (path, recorder, fault) => new PathRun(recorder, fault).run(paths[path]!) },
  account: { paths: accountPaths, run: (path, recorder, fault) => new AccountRun(recorder, fault).run(accountPaths[path]!) },
  profile: {
    paths: profilePaths,
    run: (path, recorder, fault) => new ProfileRun(recorder, fault).run(profilePaths[path]!),
    faultable: profileFaultable,
  },
}

const titleOf = (suite: SuiteName, path: number) => SUITES[suite].paths[path]!.map((s) => name(s.event)).join(' > ')

const coverage = new CoverageRecorder()
const cleanCalls = new Map<string, CallInfo[]>()
const counts = { fixed: 0, sampled: 0, total: 0 }

interface Triple {
  suite: SuiteName
  path: number
  call: number
  kind: FaultKind
  where: string
}

describe('every simple path of the protocol model, on the real client', () => {
  it('the model has the committed number of paths', () => {
    expect(paths.length).toBe(EXPECTED_PATHS)
  })

  paths.forEach((_, index) => {
    it(`${index + 1}: ${titleOf('signIn', index)}`, async () => {
      const result = await SUITES.signIn.run(index, coverage)
      cleanCalls.set(`signIn ${index}`, result.calls)
    })
  })
})

describe('every simple path of the account model (sign-up, password reset), on the real client', () => {
  it('the model has the committed number of paths', () => {
    expect(accountPaths.length).toBe(EXPECTED_ACCOUNT_PATHS)
  })

  accountPaths.forEach((_, index) => {
    it(`${index + 1}: ${titleOf('account', index)}`, async () => {
      const result = await SUITES.account.run(index, coverage)
      cleanCalls.set(`account ${index}`, result.calls)
    })
  })
})

describe('every simple path of the account-page model, on the real client', () => {
  it('the model has the committed number of paths', () => {
    expect(profilePaths.length).toBe(EXPECTED_PROFILE_PATHS)
  })

  profilePaths.forEach((_, index) => {
    it(`${index + 1}: ${titleOf('profile', index)}`, async () => {
      const result = await SUITES.profile.run(index, coverage)
      cleanCalls.set(`profile ${index}`, result.calls)
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

/** Every (path, call, fault) triple of the clean runs of both models, the fixed set first: one per client state, call and fault kind. */
async function triples(): Promise<{ fixed: Triple[]; rest: Triple[] }> {
  const fixed: Triple[] = []
  const rest: Triple[] = []
  const seen = new Set<string>()
  for (const suite of Object.keys(SUITES) as SuiteName[]) {
    for (let path = 0; path < SUITES[suite].paths.length; path++) {
      // Normally recorded by the clean runs above; recomputed when those were filtered out.
      const calls = cleanCalls.get(`${suite} ${path}`) ?? (await SUITES[suite].run(path, coverage)).calls
      const faultable = SUITES[suite].faultable ?? (() => true)
      calls.forEach((call, i) =>
        (faultable(call) ? faultsFor(call) : []).forEach((kind) => {
          const key = `${call.state} ${call.label} ${kind}`
          const where = `${kind} at call ${i + 1} (${call.label}) of ${suite} path ${path + 1}`
          const triple = { suite, path, call: i, kind, where }
          if (seen.has(key)) rest.push(triple)
          else {
            seen.add(key)
            fixed.push(triple)
          }
        }),
      )
    }
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
      const { suite, path, call, kind, where } = list[i]!
      const result = await SUITES[suite]
        .run(path, recorder, { index: call, kind })
        .catch((error: Error) => ({ failure: `${where}: ${error.message}\n    path: ${titleOf(suite, path)}` }))
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

/** The charts whose every state and transition the runs must take. */
const CHARTS: Record<string, AnyStateMachine> = {
  auth: authMachine,
  // only their definitions are read: the dependencies are never called
  signUp: signUpChart({} as AuthDeps),
  reset: resetChart({} as AuthDeps),
  profile: profileChart({} as AuthDeps),
}

describe('coverage of the real charts', () => {
  it('every state and every transition of the sign-in machine, the sign-up, reset and account-page charts was taken', () => {
    // the account flows' actors reach the recorder through the mocked createActor: none would be a broken hook
    expect(flowsReported()).toBeGreaterThan(0)
    const reports = Object.entries(CHARTS).map(([chart, machine]) => ({ chart, ...coverage.report(definitionOf(machine)) }))
    const shown = reports.map((r) => `${r.chart} states ${r.states}/${r.totalStates} transitions ${r.transitions}/${r.totalTransitions}`)
    console.log(
      `model coverage: ${shown.join('; ')}; paths ${paths.length} + ${accountPaths.length} + ${profilePaths.length}` +
        ` (faults: ${counts.fixed} fixed + ${counts.sampled} sampled of ${counts.total}, seed ${SEED})`,
    )
    const missing = Object.fromEntries(reports.map((r) => [r.chart, { states: r.missingStates, transitions: r.missingTransitions }]))
    const none = Object.fromEntries(reports.map((r) => [r.chart, { states: [], transitions: [] }]))
    expect(missing).toEqual(none)
  })
})
