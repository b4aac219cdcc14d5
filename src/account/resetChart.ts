import { assign } from 'xstate'
import { lightSetup } from '../machine/lightSetup'
import type { Concealed } from '../concealed'
import { toAuthError, type SerializedAuthError } from '../errors'
import type { AuthDeps } from '../machine/AuthDeps'
import { exchangeActor } from './chartParts'
import { confirmForgotPassword, forgotPassword, type CodeDelivery } from './accountCalls'
import type { AccountTag } from './signUpChart'

/** What the reset chart holds: never the new password (it travels in the RESET_PASSWORD event to the call, and on to sign-in when asked). */
interface ResetContext {
  /** The user whose password is reset. */
  username: string
  /** Where the last code went. */
  delivery: CodeDelivery | null
  /** The error shown in the current step. */
  error: SerializedAuthError | null
  /** True once the new password is set. */
  reset: boolean
}

/** The RESET_PASSWORD event: the code, the new password and whether to sign in with it at once. */
interface ResetPasswordEvent {
  type: 'RESET_PASSWORD'
  code: string
  password: Concealed | undefined
  signIn: boolean
  signOutOthers: boolean
}

/** Events of the reset chart. */
type ResetEvent = { type: 'FORGOT_PASSWORD'; username: string } | ResetPasswordEvent | { type: 'RESEND_CODE' } | { type: 'CANCEL' }

/** How a reset ends: the password set (and, when the user asked, the new one to sign in with at once), or left. */
export type ResetOutcome =
  { username: string; reset: true; signInWith: Concealed | null; signOutOthers: boolean } | { username: string; reset: false }

/**
 * Password reset as a chart of its own, loaded on first use: ForgotPassword (a code to the user's verified
 * e-mail or phone), then the code and the new password (ConfirmForgotPassword, with resend). Errors stay
 * in the step that failed. The new password is never in the context; when the user asks to sign in at
 * once, it leaves the chart concealed in the outcome, for the sign-in that follows.
 */
export function resetChart(deps: AuthDeps) {
  const call = exchangeActor(deps)
  let signInWith: Concealed | null = null
  let signOutOthers = false
  return lightSetup({
    types: {} as { context: ResetContext; events: ResetEvent; input: { username: string }; output: ResetOutcome; tags: AccountTag },
    actors: { request: call(forgotPassword), confirm: call(confirmForgotPassword) },
    actions: {
      showError: assign({ error: ({ event }) => toAuthError((event as unknown as { error: unknown }).error).toJSON() }),
      clearError: assign({ error: null }),
      keepForSignIn: ({ event }) => {
        const reset = event as unknown as ResetPasswordEvent
        signOutOthers = reset.signOutOthers === true
        signInWith = (reset.signIn === true || signOutOthers) && reset.password ? reset.password : null
      },
    },
  }).createMachine({
    id: 'reset',
    context: ({ input }) => ({ username: input.username, delivery: null, error: null, reset: false }),
    initial: 'forgotPassword',
    output: ({ context }) =>
      context.reset ? { username: context.username, reset: true, signInWith, signOutOthers } : { username: context.username, reset: false },
    on: { CANCEL: '.left' },
    states: {
      forgotPassword: { tags: 'step:forgotPassword', on: { FORGOT_PASSWORD: { target: 'requesting', actions: 'clearError' } } },
      requesting: {
        tags: 'doing:requestingReset',
        invoke: {
          src: 'request',
          input: ({ event }) => ({ username: (event as { username?: unknown }).username }),
          onDone: {
            target: 'resetPassword',
            actions: assign(({ event }) => ({ username: event.output.username, delivery: event.output.delivery })),
          },
          onError: { target: 'forgotPassword', actions: 'showError' },
        },
      },
      resetPassword: {
        tags: 'step:resetPassword',
        on: {
          RESET_PASSWORD: { target: 'resetting', actions: ['clearError', 'keepForSignIn'] },
          RESEND_CODE: { target: 'resending', actions: 'clearError' },
        },
      },
      resetting: {
        tags: 'doing:resettingPassword',
        invoke: {
          src: 'confirm',
          input: ({ context, event }) => {
            const reset = event as ResetPasswordEvent
            return { username: context.username, code: reset.code, password: reset.password }
          },
          onDone: 'done',
          onError: { target: 'resetPassword', actions: 'showError' },
        },
      },
      resending: {
        tags: 'doing:sendingCode',
        invoke: {
          src: 'request',
          input: ({ context }) => ({ username: context.username }),
          onDone: { target: 'resetPassword', actions: assign(({ event }) => ({ delivery: event.output.delivery })) },
          onError: { target: 'resetPassword', actions: 'showError' },
        },
      },
      done: { type: 'final', entry: assign({ reset: true }) },
      left: { type: 'final' },
    },
  })
}
