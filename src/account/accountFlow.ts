import { createActor, type AnyActorRef, type SnapshotFrom } from 'xstate'
import type { AuthViewState, WorkingActivity } from '../AuthView'
import type { AccountEvent } from '../commands'
import { reviveAuthError } from '../errors'
import type { AuthDeps } from '../machine/AuthDeps'
import type { AuthEvent } from '../machine/types'
import type { Concealed } from '../concealed'
import { resetChart } from './resetChart'
import { signUpChart, type SignUpOutcome } from './signUpChart'
import type { ResetOutcome } from './resetChart'

/** An account flow under way: its view, and the events it takes. */
export interface AccountFlow {
  /** The flow's current view. */
  view(): AuthViewState
  /** The snapshot the view comes from (a new one after every change). */
  snapshot(): unknown
  /** Whether the current step takes `event`. */
  can(event: AccountEvent | AuthEvent): boolean
  /** Sends `event` to the flow. */
  send(event: AccountEvent | AuthEvent): void
  /** Stops the flow (the client stopped). */
  stop(): void
}

/** What the client hears from a flow: a change, and at the end the event for the sign-in machine. */
export interface FlowListener {
  /** The flow's view changed. */
  changed(): void
  /**
   * The flow ended: `next` goes to the sign-in machine (signing in, or signedOut with a notice); with
   * `signOutOthersWith`, once signed in, every other session is signed out and the client signs in again with it.
   */
  done(next: AuthEvent, signOutOthersWith?: Concealed): void
}

type FlowSnapshot = SnapshotFrom<ReturnType<typeof signUpChart>> | SnapshotFrom<ReturnType<typeof resetChart>>

/** The view of an account flow's snapshot, read from its tags as `connect` reads the sign-in chart's. */
function viewOf(snapshot: FlowSnapshot): AuthViewState {
  const tagged = (prefix: string) => [...snapshot.tags].find((tag) => tag.startsWith(prefix))?.slice(prefix.length)
  const c = snapshot.context
  const error = c.error ? reviveAuthError(c.error) : null
  const doing = tagged('doing:')
  if (doing) return { step: 'working', doing: doing as WorkingActivity, username: c.username || null, notice: null }
  const step = tagged('step:')
  if (step === 'confirmSignUp' || step === 'resetPassword') return { step, username: c.username, delivery: c.delivery, error, notice: null }
  return { step: step === 'forgotPassword' ? 'forgotPassword' : 'signUp', username: c.username, error, notice: null }
}

/** The sign-in machine's event for a flow's outcome. */
function nextFor(outcome: SignUpOutcome | ResetOutcome | undefined): AuthEvent {
  if (!outcome) return { type: 'ACCOUNT_DONE', username: null, notice: null }
  if ('confirmed' in outcome && outcome.confirmed) {
    return outcome.session
      ? { type: 'SIGN_IN_WITH_SESSION', username: outcome.username, session: outcome.session }
      : { type: 'ACCOUNT_DONE', username: outcome.username, notice: 'accountConfirmed' }
  }
  if ('reset' in outcome && outcome.reset) {
    return outcome.signInWith
      ? { type: 'SIGN_IN', username: outcome.username, password: outcome.signInWith }
      : { type: 'ACCOUNT_DONE', username: outcome.username, notice: 'passwordReset' }
  }
  return { type: 'ACCOUNT_DONE', username: outcome.username || null, notice: null }
}

/**
 * Starts the account flow that `entry` opens (SIGN_UP or CONFIRM_SIGN_UP: the sign-up chart, at its form
 * or its code step; FORGOT_PASSWORD: the reset chart, at its form), and tells `listener` of each change
 * and of the end. The caller then sends `entry` where the first step takes it. Loaded on first use: a client that never signs anyone up carries none of this.
 */
export function startAccountFlow(deps: AuthDeps, entry: AccountEvent, listener: FlowListener): AccountFlow {
  const username = entry.type === 'SIGN_UP' ? entry.request.username : 'username' in entry ? entry.username : ''
  const name = typeof username === 'string' ? username.trim() : ''
  const actor: AnyActorRef =
    entry.type === 'FORGOT_PASSWORD'
      ? createActor(resetChart(deps), { input: { username: name } })
      : createActor(signUpChart(deps), { input: { username: name, start: entry.type === 'CONFIRM_SIGN_UP' ? 'confirmSignUp' : 'signUp' } })
  actor.subscribe({
    next: (snapshot: { status: string; output?: SignUpOutcome | ResetOutcome }) => {
      if (snapshot.status !== 'done') return listener.changed()
      const outcome = snapshot.output
      const then = outcome && 'reset' in outcome && outcome.reset && outcome.signOutOthers ? outcome.signInWith : null
      listener.done(nextFor(outcome), then ?? undefined)
    },
    error: () => listener.done(nextFor(undefined)),
  })
  actor.start()
  return {
    view: () => viewOf(actor.getSnapshot() as FlowSnapshot),
    snapshot: () => actor.getSnapshot(),
    can: (event) => (actor.getSnapshot() as { can(event: unknown): boolean }).can(event),
    send: (event) => actor.send(event),
    stop: () => actor.stop(),
  }
}
