import { assign } from 'xstate'
import { lightSetup } from '../machine/lightSetup'
import { toAuthError, type SerializedAuthError } from '../errors'
import type { AuthDeps } from '../machine/AuthDeps'
import { exchangeActor } from './chartParts'
import { confirmSignUp, resendSignUpCode, signUp, type CodeDelivery, type SignUpRequest } from './accountCalls'

/** What the sign-up chart holds: no password (it travels in the SIGN_UP event to the call only). */
interface SignUpContext {
  /** The user being signed up. */
  username: string
  /** Where the last code went. */
  delivery: CodeDelivery | null
  /** Cognito's session of this sign-up (SignUp's, then ConfirmSignUp's): the auto sign-in's only credential. */
  session: string | null
  /** The error shown in the current step. */
  error: SerializedAuthError | null
  /** Where the chart started. */
  entry: SignUpInput['start']
  /** True once the user is confirmed. */
  confirmed: boolean
  /** The code being confirmed, kept only while ConfirmSignUp runs (sent again once if the session expired). */
  code: string | null
}

/** Events of the sign-up chart. */
type SignUpEvent =
  { type: 'SIGN_UP'; request: SignUpRequest } | { type: 'SUBMIT_CODE'; code: string } | { type: 'RESEND_CODE' } | { type: 'CANCEL' }

/** How a sign-up ends: confirmed (with the session for an auto sign-in, when Cognito gave one), or left. */
export type SignUpOutcome = { username: string; confirmed: true; session: string | null } | { username: string; confirmed: false }

/** Where the chart starts: the sign-up form, or (for a user who already has a code) its confirmation. */
interface SignUpInput {
  username: string
  start: 'signUp' | 'confirmSignUp'
}

/** Tags that say what each state shows (read by `accountView`). */
export type AccountTag =
  | `step:${'signUp' | 'confirmSignUp' | 'forgotPassword' | 'resetPassword'}`
  | `doing:${'signingUp' | 'confirmingSignUp' | 'sendingCode' | 'requestingReset' | 'resettingPassword'}`

const errorMatches = (event: unknown, code: string, message: RegExp) => {
  const error = toAuthError((event as { error: unknown }).error)
  return error.code === code && message.test(error.cause?.message ?? '')
}

/**
 * Sign-up as a chart of its own, loaded on first use: SignUp, then the code (ConfirmSignUp, with resend),
 * ending confirmed with Cognito's session for the auto sign-in. Errors stay in the step that failed. A
 * LimitExceededException from SignUp comes after the user was created: the code step follows, saying so.
 * A user already confirmed (the code was used in another tab) ends confirmed, with no session.
 */
export function signUpChart(deps: AuthDeps) {
  const call = exchangeActor(deps)
  return lightSetup({
    types: {} as { context: SignUpContext; events: SignUpEvent; input: SignUpInput; output: SignUpOutcome; tags: AccountTag },
    actors: { signUp: call(signUp), confirm: call(confirmSignUp), resend: call(resendSignUpCode) },
    actions: {
      showError: assign({ error: ({ event }) => toAuthError((event as unknown as { error: unknown }).error).toJSON() }),
      clearError: assign({ error: null }),
    },
    guards: {
      confirmed: ({ event }) => (event as unknown as { output: { confirmed: boolean } }).output.confirmed,
      createdButThrottled: ({ event }) => toAuthError((event as unknown as { error: unknown }).error).code === 'LIMIT_EXCEEDED',
      alreadyConfirmed: ({ event }) =>
        errorMatches(event, 'NOT_AUTHORIZED', /status is CONFIRMED/i) || errorMatches(event, 'INVALID_PARAMETER', /already confirmed/i),
      startsAtCode: ({ context }) => context.entry === 'confirmSignUp',
      // SignUp's Session lives for the app client's AuthSessionValidity (3 minutes by default); the code does not
      sessionExpired: ({ context, event }) =>
        context.session !== null && toAuthError((event as unknown as { error: unknown }).error).code === 'SESSION_EXPIRED',
    },
  }).createMachine({
    id: 'signUp',
    context: ({ input }) => ({
      username: input.username,
      delivery: null,
      session: null,
      error: null,
      entry: input.start,
      confirmed: false,
      code: null,
    }),
    initial: 'start',
    output: ({ context }) =>
      context.confirmed
        ? { username: context.username, confirmed: true, session: context.session }
        : { username: context.username, confirmed: false },
    on: { CANCEL: '.left' },
    states: {
      start: { always: [{ guard: 'startsAtCode', target: 'confirmSignUp' }, { target: 'signUp' }] },
      signUp: { tags: 'step:signUp', on: { SIGN_UP: { target: 'signingUp', actions: 'clearError' } } },
      signingUp: {
        tags: 'doing:signingUp',
        invoke: {
          src: 'signUp',
          input: ({ event }) => (event as Extract<SignUpEvent, { type: 'SIGN_UP' }>).request,
          onDone: [
            {
              guard: 'confirmed',
              target: 'confirmed',
              actions: assign(({ event }) => ({ username: event.output.username, session: event.output.session })),
            },
            {
              target: 'confirmSignUp',
              actions: assign(({ event }) => ({
                username: event.output.username,
                delivery: event.output.delivery,
                session: event.output.session,
              })),
            },
          ],
          onError: [
            { guard: 'createdButThrottled', target: 'confirmSignUp', actions: 'showError' },
            { target: 'signUp', actions: 'showError' },
          ],
        },
      },
      confirmSignUp: {
        tags: 'step:confirmSignUp',
        on: {
          SUBMIT_CODE: { target: 'confirming', actions: ['clearError', assign({ code: ({ event }) => event.code })] },
          RESEND_CODE: { target: 'resending', actions: 'clearError' },
        },
      },
      confirming: {
        tags: 'doing:confirmingSignUp',
        invoke: {
          src: 'confirm',
          input: ({ context }) => ({ username: context.username, session: context.session, code: context.code }),
          onDone: { target: 'confirmed', actions: assign(({ event }) => ({ session: event.output.session, code: null })) },
          onError: [
            { guard: 'alreadyConfirmed', target: 'confirmed', actions: assign({ session: null, code: null }) },
            // the same code again without the expired session: confirmed, Cognito may still give a session of its own
            { guard: 'sessionExpired', target: 'confirming', reenter: true, actions: assign({ session: null }) },
            { target: 'confirmSignUp', actions: ['showError', assign({ code: null })] },
          ],
        },
      },
      resending: {
        tags: 'doing:sendingCode',
        invoke: {
          src: 'resend',
          input: ({ context }) => ({ username: context.username }),
          onDone: { target: 'confirmSignUp', actions: assign(({ event }) => ({ delivery: event.output.delivery })) },
          onError: [
            { guard: 'alreadyConfirmed', target: 'confirmed', actions: assign({ session: null }) },
            { target: 'confirmSignUp', actions: 'showError' },
          ],
        },
      },
      confirmed: { type: 'final', entry: assign({ confirmed: true }) },
      left: { type: 'final', entry: assign({ session: null }) },
    },
  })
}
