// The account flows' actors, as the client creates them. The client keeps a flow's actor to itself
// (src/accountHost.ts, and the account page's in src/profileHost.ts), so paths.test.ts mocks xstate's
// createActor to ask here, for every actor it creates, whether a run watches it: an actor of the sign-up,
// reset or account-page chart goes to the run whose command created it (found through the async context,
// as runs go on side by side), which gets an inspector in from the first state on (coverage) and the
// actor itself (its snapshots).
import { AsyncLocalStorage } from 'node:async_hooks'
import type { AnyActorRef, InspectionEvent } from 'xstate'

/** The ids of the account charts (src/account/signUpChart.ts, src/account/resetChart.ts, src/account/profileChart.ts). */
export const FLOW_CHARTS: ReadonlySet<string> = new Set(['signUp', 'reset', 'profile'])

/** What a run does with the flows its commands start. */
export interface FlowWatcher {
  /** Sees every inspection event of the flow's actor system, from its first state on. */
  inspect(event: InspectionEvent): void
  /** Gets the flow's actor once created (before it starts), with its chart's id. */
  created(actor: AnyActorRef, chart: string): void
}

const watchers = new AsyncLocalStorage<FlowWatcher>()
let reported = 0

/** Runs `task`, telling `watcher` of every account-flow actor created in it (and in what it awaits). */
export function watchFlows<T>(watcher: FlowWatcher, task: () => Promise<T>): Promise<T> {
  return watchers.run(watcher, task)
}

const chartOf = (logic: unknown) => {
  const id = (logic as { id?: unknown } | null)?.id
  return typeof id === 'string' && FLOW_CHARTS.has(id) ? id : null
}

/** For the mocked `createActor`: the inspector to add for an actor of `logic` (an account chart in a watched run). */
export function flowInspector(logic: unknown): ((event: InspectionEvent) => void) | undefined {
  const watcher = chartOf(logic) ? watchers.getStore() : undefined
  return watcher ? (event) => watcher.inspect(event) : undefined
}

/** For the mocked `createActor`: each actor it made and the logic it made it from. */
export function actorCreated(logic: unknown, actor: AnyActorRef): void {
  const chart = chartOf(logic)
  if (!chart) return
  reported++
  watchers.getStore()?.created(actor, chart)
}

/** How many flow actors were reported: zero means the mock is not in place, and the flows go unwatched. */
export function flowsReported(): number {
  return reported
}
