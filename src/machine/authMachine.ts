import { assign, type ErrorActorEvent } from 'xstate'
import { lightSetup } from './lightSetup'
import type { FailedActivity, InputStep, SignedInActivity, WorkingActivity } from '../AuthView'
import { AuthError, failure, toAuthError, type AuthErrorCode } from '../errors'
import type { AuthActors } from './authActors'
import { challengeResponses, invalidAnswer, isPassword, MFA_CODE_CHALLENGES } from './challengeResponses'
import { clockRules } from './clockRules'
import { signedOutElsewhere } from './sessionStore'
import type { DeviceSummary } from '../device/DeviceRecord'
import type { RestoreSessionOutput } from './sessionExchange'
import type { AuthAnswer, AuthContext, AuthEvent, AuthMachineInput, ExchangeInput, SignedInTask, TaskResult } from './types'

/**
 * What a state shows, declared on the state itself: `step:` names the view's step, `doing:` a working
 * step's activity (`failed` beside it when that step failed), `task` a signed-in task under way (which
 * one is `context.task`), `busy:` another signed-in activity. `background` marks a state the client's
 * commands wait out instead of refusing (restoring, refreshing, leaving). {@link connect} reads only
 * these, never state names.
 */
export type AuthTag =
  | `step:${'signedOut' | InputStep | 'signedIn'}`
  | `doing:${WorkingActivity}`
  | `busy:${SignedInActivity}`
  | 'failed'
  | 'task'
  | 'background'

const rules = clockRules(() => Date.now())

/** What one sign-in accumulates, dropped when it ends. */
const SCRATCH = {
  session: null,
  sessionAt: null,
  wrongAnswers: 0,
  challenge: null,
  challengeUsername: null,
  newDevice: null,
  expiredDevice: null,
  mfaAsked: false,
  passwordless: false,
  deviceAuthDone: false,
  rememberReason: null,
  totp: null,
  autoSignIn: false,
} as const

/** A stale device (`Device does not exist.`): its record was dropped; the view says so. */
const STALE = { device: null, notice: 'staleDevice' } as const

/** The context of a new sign-in, before its username. */
const FRESH = {
  ...SCRATCH,
  username: null,
  userId: null,
  device: null,
  signedIn: null,
  devices: null,
  task: null,
  error: null,
  notice: null,
} as const

function exchangeOf(context: AuthContext): ExchangeInput {
  return {
    username: context.username ?? '',
    userId: context.userId,
    challengeUsername: context.challengeUsername,
    session: context.session,
    deviceKey: context.device?.deviceKey ?? null,
  }
}

function errorOf(event: unknown): AuthError {
  return toAuthError((event as ErrorActorEvent).error)
}

/** The waiting step each user-answered challenge is shown in (the router's choice). */
const CHALLENGE_STEPS: Record<string, string> = {
  ...Object.fromEntries(MFA_CODE_CHALLENGES.map((name) => [name, 'mfaCode'])),
  SELECT_MFA_TYPE: 'selectMfa',
  NEW_PASSWORD_REQUIRED: 'newPassword',
  CUSTOM_CHALLENGE: 'customChallenge',
  MFA_SETUP: 'totpSetup',
  SELECT_CHALLENGE: 'selectChallenge',
  WEB_AUTHN: 'passkey',
}

// Transitions several states share.

/** Leaves a sign-in: removes the tokens this sign-in stored (if any), then signedOut. */
const LEAVE = '#auth.cancelling'

/** The user leaves a sign-in: no error to show. */
const CANCEL_SIGN_IN = { target: LEAVE, actions: 'clearError' as const }

const errorIs = (codes: readonly AuthErrorCode[]) => ({ type: 'errorIs' as const, params: { codes } })

/** The stored session is gone or another user's (another tab): to signedOut, without touching it. */
const SESSION_GONE = { guard: errorIs(['NOT_SIGNED_IN']), target: '#auth.signedOut', actions: 'showError' as const }

/** The auth session is spent or the device unknown to Cognito: the sign-in cannot go on; leave, with the error. */
const AUTH_LOST = { guard: errorIs(['SESSION_EXPIRED', 'STALE_DEVICE']), target: LEAVE, actions: 'showError' as const }

/** An answer failed: the sign-in ends if its session did, else the error shows in the step that took it. */
const ANSWER_FAILED = [AUTH_LOST, { target: 'waiting', actions: ['countWrongAnswer', 'showError'] as const }]

/** Cognito answered: store the answer and route it. */
const TO_ROUTING = {
  target: '#auth.routing',
  actions: { type: 'storeAnswer' as const, params: ({ event }: { event: { output: AuthAnswer } }) => event.output },
}

/** A user's answer: refused in the step before any call when invalid, else sent from `target`. */
function answerTo(target: string, taken: 'clearError' | 'chooseFactor' = 'clearError') {
  return [
    { guard: 'invalidAnswer' as const, actions: 'rejectInput' as const },
    { target, actions: taken },
  ]
}

/** After a reload: a waiting step whose auth session outlived its validity ends, saying so. */
function expireOnResume(message: string) {
  return { guard: 'authSessionExpired' as const, target: LEAVE, actions: { type: 'sessionExpired' as const, params: { message } } }
}
const EXPIRED = 'This sign-in took too long and has ended. Sign in again.'

/**
 * A step that waits for the user's answer (`waiting`) and sends it (`sending`, the `respond` actor). A
 * wrong or failed answer comes back to `waiting` with its error; the user answers again. `taken` is what the
 * answer's event does in `waiting`: by default it is checked first ({@link answerTo}).
 */
function answerStep(
  step: 'mfaCode' | 'selectMfa' | 'newPassword' | 'customChallenge' | 'selectChallenge' | 'passkey',
  event: AuthEvent['type'],
  taken: ReturnType<typeof answerTo> | { target: 'sending'; actions: 'clearError' } = answerTo('sending'),
) {
  return {
    tags: `step:${step}` as const,
    initial: 'waiting',
    on: { CANCEL: CANCEL_SIGN_IN },
    states: {
      waiting: { on: { [event]: taken, RESUME: expireOnResume(EXPIRED) } },
      sending: {
        tags: 'doing:answeringChallenge' as const,
        invoke: {
          src: 'respond' as const,
          input: ({ context, event }: { context: AuthContext; event: AuthEvent }) => ({
            ...exchangeOf(context),
            ...challengeResponses(context, event),
          }),
          onDone: TO_ROUTING,
          onError: ANSWER_FAILED,
        },
      },
    },
  }
}

/**
 * A step with no user input that may fail on its own (`running`, then `failed` with the error).
 * `RETRY` runs it again when the error is retryable; `CANCEL` (on the step) leaves. `lost` are the
 * failures that end the sign-in instead (only those the step can meet, so that each is reachable).
 */
function taskStep<const I extends object>(activity: FailedActivity, invoke: I, lost: readonly (typeof AUTH_LOST | typeof SESSION_GONE)[]) {
  return {
    initial: 'running',
    states: {
      running: {
        tags: `doing:${activity}` as AuthTag,
        invoke: { ...invoke, onError: [...lost, { target: 'failed', actions: 'showError' as const }] },
      },
      failed: {
        tags: ['failed', `doing:${activity}`] as AuthTag[],
        on: { RETRY: { guard: 'retryable' as const, target: 'running', actions: 'clearError' as const } },
      },
    },
  }
}

/** The tasks that run in the background (commands wait for them); the others are the user's. */
const BACKGROUND_TASKS: readonly SignedInTask['kind'][] = ['refreshing', 'expiringTrust']

/** ConfirmDevice succeeded: the device is stored; an opt-in pool then asks the user. */
const CONFIRMED = {
  type: 'deviceConfirmed' as const,
  params: ({ event }: { event: { output: { device: DeviceSummary; userConfirmationNecessary: boolean } } }) => event.output,
}

/** A signed-in task failed: a lost session leaves; anything else shows in the signedIn view. */
const TASK_FAILED = [
  { guard: errorIs(['NOT_SIGNED_IN']), target: '#auth.signedOut', actions: 'showError' as const },
  { guard: errorIs(['NOT_AUTHORIZED', 'SESSION_EXPIRED', 'STALE_DEVICE']), target: LEAVE, actions: 'showError' as const },
  { target: 'ready.failed', actions: 'showError' as const },
]

/** The task of a signed-in session, run by one actor; done, its result patches the context; failed, see {@link TASK_FAILED}. */
const SIGNED_IN_TASK = {
  src: 'signedInTask' as const,
  input: ({ context }: { context: AuthContext }) => ({
    task: context.task,
    session: context.signedIn,
    device: context.device,
    devices: context.devices,
  }),
  onDone: {
    target: 'checking',
    actions: { type: 'taskDone' as const, params: ({ event }: { event: { output: TaskResult } }) => event.output },
  },
  onError: TASK_FAILED,
}

/**
 * The sign-in statechart: every Cognito answer goes through one router (`routing`); each step that
 * waits for the user takes one kind of input and shows the last answer's error in place; each step with
 * no input that fails holds its failure (`failed`) with RETRY and CANCEL; every effect is one of the
 * {@link AuthActors}, which must all be given with `authMachine.provide({ actors })` (an actor left out
 * is never started, and the machine waits in that state). What each state shows is in its tags
 * ({@link AuthTag}). Context never holds a password, a device secret or a token; the TOTP secret only
 * while enrolment is under way.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate'
 * import { fetchTransport, memoryStorage } from 'cognito-auth-machine'
 * import { authMachine, connect, createAuthActors } from 'cognito-auth-machine/machine'
 *
 * const actors = createAuthActors({
 *   transport: fetchTransport(),
 *   target: { region: 'eu-west-1' },
 *   storage: memoryStorage(),
 *   userPoolId: 'eu-west-1_AbC123',
 *   clientId: '4example',
 *   now: () => Date.now(),
 *   timeoutMs: 30_000,
 * })
 * const actor = createActor(authMachine.provide({ actors }), { input: {} }).start()
 * actor.subscribe((snapshot) => console.log(connect(snapshot).step))
 * ```
 */
export const authMachine = lightSetup({
  types: {} as { context: AuthContext; events: AuthEvent; input: AuthMachineInput; tags: AuthTag },
  actors: {} as AuthActors,
  guards: {
    ...rules.guards,
    invalidAnswer: ({ context, event }) => invalidAnswer(context, event) !== null,
    isAuthenticated: ({ context }) => context.challenge === null && context.signedIn !== null,
    stepFor: ({ context }, params: { step: string }) => stepOf(context.challenge?.name) === params.step,
    canAuthenticateDevice: ({ context }) =>
      context.challenge?.name === 'DEVICE_SRP_AUTH' && context.device !== null && !context.deviceAuthDone,
    hasNewDevice: ({ context }) => context.newDevice !== null,
    autoSignIn: ({ context }) => context.autoSignIn,
    hasDevice: ({ context }) => context.device !== null,
    // asked for MFA on a device this client presents: an admin (or the sweep) un-remembered it; asked again
    // unless Cognito's clock ended its period (then the next sign-in starts a new one)
    reaskRemember: ({ context }) => context.mfaAsked && context.device !== null && context.notice !== 'trustExpired',
    hasExpiredDevice: ({ context }) => context.expiredDevice !== null,
    errorIs: ({ event }, params: { codes: readonly AuthErrorCode[] }) => params.codes.includes(errorOf(event).code),
    retryable: ({ context }) => context.error?.retryable === true,
    userConfirms: ({ event }) => (event as unknown as { output: { userConfirmationNecessary: boolean } }).output.userConfirmationNecessary,
    restored: ({ event }) => (event as unknown as { output: unknown }).output !== null,
    retryTask: ({ context }, params: { background: boolean }) =>
      context.error?.retryable === true && context.task !== null && BACKGROUND_TASKS.includes(context.task.kind) === params.background,
  },
  delays: rules.delays,
  actions: {
    showError: assign(({ context, event }) => {
      let error = errorOf(event)
      // Cognito ends an auth session after a few wrong answers and then refuses the next one, even a
      // right one, as an invalid session: after a wrong answer in this session, that is what happened.
      if (error.code === 'SESSION_EXPIRED' && context.wrongAnswers > 0 && !/expired/i.test(error.cause?.message ?? '')) {
        error = failure('TOO_MANY_ATTEMPTS', error.cause)
      }
      return { error: error.toJSON(), ...(error.code === 'STALE_DEVICE' ? STALE : {}) }
    }),
    countWrongAnswer: assign(({ context, event }) => ({ wrongAnswers: context.wrongAnswers + (errorOf(event).retryable ? 0 : 1) })),
    rejectInput: assign(({ context, event }) => ({
      error: new AuthError('INVALID_INPUT', invalidAnswer(context, event) ?? 'invalid input').toJSON(),
    })),
    sessionExpired: assign((_, params: { message: string }) => ({ error: new AuthError('SESSION_EXPIRED', params.message).toJSON() })),
    clearError: assign({ error: null }),
    beginSignIn: assign(({ context, event }) =>
      event.type === 'SIGN_IN_WITH_SESSION'
        ? { ...FRESH, username: event.username, autoSignIn: true, passwordless: true }
        : {
            ...FRESH,
            username: event.type === 'SIGN_IN' || event.type === 'SIGN_IN_AGAIN' ? event.username.trim() : null,
            // choice-based sign-in without the password: a code or a passkey comes first, and no MFA after it
            passwordless:
              event.type === 'SIGN_IN' &&
              context.authFlow === 'USER_AUTH' &&
              !isPassword(event.preferred ?? (event.password && 'PASSWORD')),
          },
    ),
    chooseFactor: assign(({ event }) => ({
      error: null,
      passwordless: event.type === 'SELECT_CHALLENGE' && !isPassword(event.challenge),
    })),
    signInWithPassword: assign({ error: null, notice: 'accountConfirmed' as const }),
    storeAnswer: assign(({ context }, answer: AuthAnswer) => {
      const stale = answer.staleDevice ? STALE : {}
      if (answer.kind === 'authenticated') {
        return {
          ...stale,
          challenge: null,
          session: null,
          signedIn: answer.session,
          newDevice: answer.newDevice,
          userId: answer.session.userId,
          ...(answer.trustEnded ? { device: answer.trustEnded, notice: 'trustExpired' as const } : {}),
          // a new key although this device's was presented (a path where Cognito ignores it): the old key is
          // forgotten once the new one is kept, so the user's device list never grows
          ...(answer.newDevice && context.device && !answer.staleDevice ? { expiredDevice: context.device } : {}),
        }
      }
      const userId = answer.userId ?? context.userId
      return {
        ...stale,
        challenge: { name: answer.name, parameters: answer.parameters, available: answer.available },
        session: answer.session,
        sessionAt: answer.at,
        wrongAnswers: 0,
        userId,
        challengeUsername: answer.parameters.USERNAME ?? userId ?? context.challengeUsername,
      }
    }),
    markMfaAsked: assign(({ context }) => ({ mfaAsked: !context.passwordless })),
    startTask: assign((_, task: SignedInTask) => ({ task, error: null })),
    enrolTotp: assign((_, out: { secretCode: string; session: string | null; at: number }) => ({
      totp: { secretCode: out.secretCode },
      session: out.session,
      sessionAt: out.at,
    })),
    totpVerified: assign((_, session: string | null) => ({ totp: null, session })),
    deviceAuthDone: assign({ deviceAuthDone: true }),
    deviceConfirmed: assign((_, out: { device: DeviceSummary; userConfirmationNecessary: boolean }) => ({
      device: out.device,
      newDevice: null,
      rememberReason: out.userConfirmationNecessary ? ('newDevice' as const) : null,
    })),
    expiredDeviceForgotten: assign({ expiredDevice: null }),
    setDevice: assign((_, device: DeviceSummary) => ({ device, rememberReason: null })),
    taskDone: assign((_, result: TaskResult) => ({ ...result, task: null })),
    sessionRestored: assign((_, out: RestoreSessionOutput | null) => (out ? { signedIn: out.session, device: out.device } : {})),
    signedOutElsewhere: assign({ error: () => signedOutElsewhere().toJSON() }),
    resetToSignedOut: assign({ ...SCRATCH, signedIn: null, devices: null, task: null }),
    enterSignedIn: assign({ ...SCRATCH, error: null }),
  },
}).createMachine({
  id: 'auth',
  context: ({ input }) => ({ ...FRESH, authFlow: input?.authFlow ?? 'USER_SRP_AUTH' }),
  initial: 'restoring',
  states: {
    restoring: {
      tags: ['doing:restoring', 'background'],
      invoke: {
        src: 'restoreSession',
        input: { userId: null },
        onDone: [
          {
            guard: ({ event }) => event.output !== null,
            target: 'signedIn',
            actions: assign(({ event: { output } }) =>
              output
                ? { signedIn: output.session, device: output.device, username: output.session.username, userId: output.session.userId }
                : {},
            ),
          },
          { target: 'signedOut' },
        ],
        onError: { target: 'signedOut', actions: 'showError' },
      },
    },
    signedOut: {
      tags: 'step:signedOut',
      entry: 'resetToSignedOut',
      on: {
        SIGN_IN: [
          { guard: 'invalidAnswer', actions: 'rejectInput' },
          { target: 'passwordAuth', actions: 'beginSignIn' },
        ],
        SIGN_IN_WITH_SESSION: { target: 'passwordAuth', actions: 'beginSignIn' },
        ACCOUNT_DONE: { actions: assign(({ event }) => ({ username: event.username, notice: event.notice, error: null })) },
        STORAGE_CHANGED: 'restoring',
      },
    },
    // The device record, then InitiateAuth: the SIGN_IN event's password goes to this actor's input only.
    passwordAuth: {
      tags: 'doing:signingIn',
      invoke: {
        src: 'startAuth',
        input: ({ context, event }) => ({
          username: context.username ?? '',
          password: event.type === 'SIGN_IN' || event.type === 'SIGN_IN_AGAIN' ? event.password : undefined,
          preferred: event.type === 'SIGN_IN' ? event.preferred : undefined,
          ...(event.type === 'SIGN_IN_WITH_SESSION'
            ? { authFlow: 'USER_AUTH' as const, session: event.session }
            : { authFlow: context.authFlow, replaces: event.type === 'SIGN_IN_AGAIN' ? event.userId : undefined }),
        }),
        onDone: {
          target: 'routing',
          actions: [
            assign(({ context, event }) => {
              const { userId, device, expired, dropped } = event.output.loaded
              return {
                userId,
                device,
                expiredDevice: expired,
                // a sign-in's own notice (passwordChanged) stays unless the device record says more
                notice: expired ? ('trustExpired' as const) : dropped ? ('deviceRecordDropped' as const) : context.notice,
              }
            }),
            { type: 'storeAnswer', params: ({ event }) => event.output.answer },
          ],
        },
        onError: [
          { guard: 'autoSignIn', target: 'signedOut', actions: 'signInWithPassword' },
          { target: 'signedOut', actions: 'showError' },
        ],
      },
      on: { CANCEL: CANCEL_SIGN_IN },
    },
    // The one router: every Cognito answer lands here.
    routing: {
      always: [
        { guard: 'isAuthenticated', target: 'authenticated' },
        { guard: stepFor('mfaCode'), target: 'mfaCode', actions: 'markMfaAsked' },
        { guard: stepFor('selectMfa'), target: 'selectMfa', actions: 'markMfaAsked' },
        { guard: stepFor('totpSetup'), target: 'totpSetup', actions: 'markMfaAsked' },
        { guard: stepFor('newPassword'), target: 'newPassword' },
        { guard: stepFor('customChallenge'), target: 'customChallenge' },
        { guard: 'canAuthenticateDevice', target: 'deviceAuth' },
        // a confirmed sign-up's session answered with a choice of factors: the user signs in with the password
        { guard: 'autoSignIn', target: 'signedOut', actions: 'signInWithPassword' },
        { guard: stepFor('selectChallenge'), target: 'selectChallenge' },
        { guard: stepFor('passkey'), target: 'passkey' },
        {
          target: LEAVE,
          actions: assign(({ context }) => ({
            error: (context.deviceAuthDone && context.challenge?.name === 'DEVICE_SRP_AUTH'
              ? new AuthError('UNEXPECTED_RESPONSE', 'Cognito asked for device authentication twice in one sign-in. Sign in again.')
              : new AuthError('UNKNOWN_CHALLENGE', `This client cannot answer Cognito's ${context.challenge?.name ?? 'empty'} challenge.`)
            ).toJSON(),
          })),
        },
      ],
    },
    mfaCode: answerStep('mfaCode', 'SUBMIT_CODE'),
    selectMfa: answerStep('selectMfa', 'SELECT_MFA'),
    newPassword: answerStep('newPassword', 'SUBMIT_NEW_PASSWORD'),
    customChallenge: answerStep('customChallenge', 'ANSWER'),
    selectChallenge: answerStep('selectChallenge', 'SELECT_CHALLENGE', answerTo('sending', 'chooseFactor')),
    // usePasskey() carries no input: nothing to refuse before its call
    passkey: answerStep('passkey', 'USE_PASSKEY', { target: 'sending', actions: 'clearError' }),
    // MFA_SETUP: the secret is shown while waiting and verifying, and dropped once VerifySoftwareToken succeeds.
    totpSetup: {
      tags: 'step:totpSetup',
      initial: 'associating',
      on: { CANCEL: CANCEL_SIGN_IN },
      states: {
        associating: taskStep(
          'settingUpTotp',
          {
            src: 'associateTotp',
            input: ({ context }: { context: AuthContext }) => ({ session: context.session }),
            onDone: {
              target: '#auth.totpSetup.waiting',
              actions: {
                type: 'enrolTotp',
                params: ({ event }: { event: { output: { secretCode: string; session: string | null; at: number } } }) => event.output,
              },
            },
          },
          [AUTH_LOST],
        ),
        waiting: {
          on: {
            CONFIRM_TOTP: answerTo('verifying'),
            RESUME: expireOnResume('The authenticator setup took too long and has ended. Sign in again for a new code.'),
          },
        },
        verifying: {
          tags: 'doing:verifyingTotp',
          invoke: {
            src: 'verifyTotp',
            input: ({ context, event }) => ({ ...exchangeOf(context), code: event.type === 'CONFIRM_TOTP' ? event.code.trim() : '' }),
            onDone: { target: 'completing', actions: { type: 'totpVerified', params: ({ event }) => event.output } },
            onError: ANSWER_FAILED,
          },
        },
        completing: taskStep(
          'verifyingTotp',
          {
            src: 'respond',
            input: ({ context }: { context: AuthContext }) => ({ ...exchangeOf(context), challengeName: 'MFA_SETUP', responses: {} }),
            onDone: TO_ROUTING,
          },
          [AUTH_LOST],
        ),
      },
    },
    deviceAuth: {
      on: { CANCEL: CANCEL_SIGN_IN },
      ...taskStep(
        'authenticatingDevice',
        {
          src: 'deviceAuth',
          input: ({ context }: { context: AuthContext }) => exchangeOf(context),
          onDone: { ...TO_ROUTING, actions: [TO_ROUTING.actions, 'deviceAuthDone' as const] },
        },
        [AUTH_LOST],
      ),
    },
    authenticated: {
      always: [
        { guard: 'hasNewDevice', target: 'confirmingDevice' },
        { guard: 'reaskRemember', target: 'checkingRemembered' },
        { target: 'afterDevice' },
      ],
    },
    // MFA came up although this device's key was presented: asked again only if Cognito no longer holds it
    // remembered (an admin or the sweep); a risky sign-in leaves it remembered, and nobody is asked
    checkingRemembered: {
      tags: 'doing:checkingDevice',
      on: { CANCEL: CANCEL_SIGN_IN },
      invoke: {
        src: 'deviceRemembered',
        input: ({ context }) => ({ userId: context.signedIn?.userId ?? '', deviceKey: context.device?.deviceKey ?? '' }),
        onDone: [
          { guard: ({ event }) => event.output, target: 'afterDevice' },
          { target: 'rememberPrompt', actions: assign({ rememberReason: 'reasked' }) },
        ],
        onError: { target: 'rememberPrompt', actions: assign({ rememberReason: 'reasked' }) },
      },
    },
    confirmingDevice: {
      on: { CANCEL: CANCEL_SIGN_IN },
      ...taskStep(
        'confirmingDevice',
        {
          src: 'confirmDevice',
          input: ({ context }: { context: AuthContext }) => ({
            username: context.username ?? '',
            userId: context.signedIn?.userId ?? context.userId ?? '',
            newDevice: context.newDevice,
          }),
          onDone: [
            { guard: 'userConfirms' as const, target: '#auth.rememberPrompt', actions: CONFIRMED },
            { target: '#auth.afterDevice', actions: CONFIRMED },
          ],
        },
        [SESSION_GONE, AUTH_LOST],
      ),
    },
    rememberPrompt: {
      tags: 'step:rememberDevice',
      initial: 'waiting',
      on: { CANCEL: CANCEL_SIGN_IN },
      states: {
        waiting: { on: { REMEMBER_DEVICE: { target: 'updating', actions: 'clearError' } } },
        updating: {
          tags: 'doing:updatingDevice',
          invoke: {
            src: 'setDeviceStatus',
            input: ({ context, event }) => deviceStatusInput(context, event.type === 'REMEMBER_DEVICE' && event.remember === true),
            onDone: { target: '#auth.afterDevice', actions: { type: 'setDevice', params: ({ event }) => event.output } },
            onError: [SESSION_GONE, AUTH_LOST, { target: 'waiting', actions: 'showError' }],
          },
        },
      },
    },
    afterDevice: {
      always: [{ guard: 'hasExpiredDevice', target: 'forgettingExpiredDevice' }, { target: 'signedIn' }],
    },
    forgettingExpiredDevice: {
      on: { CANCEL: CANCEL_SIGN_IN },
      ...taskStep(
        'forgettingExpiredDevice',
        {
          src: 'forgetExpiredDevice',
          input: ({ context }: { context: AuthContext }) => ({
            userId: context.signedIn?.userId ?? '',
            deviceKey: context.expiredDevice?.deviceKey ?? '',
          }),
          onDone: { target: '#auth.signedIn', actions: 'expiredDeviceForgotten' as const },
        },
        [SESSION_GONE],
      ),
    },
    signedIn: {
      tags: 'step:signedIn',
      entry: 'enterSignedIn',
      initial: 'checking',
      on: {
        SIGN_OUT: '#auth.signingOut',
        // the account page found the session over: another user's or none in storage (keep it), or revoked (clear it)
        SESSION_LOST: [SESSION_GONE, { target: LEAVE, actions: 'showError' }],
        // the session is gone at Cognito (the user deleted): clear it here
        ACCOUNT_ENDED: { target: LEAVE, actions: assign({ notice: ({ event }) => event.notice, error: null }) },
        // GlobalSignOut after a password change ended this session with the others: sign in with the new password
        SIGN_IN_AGAIN: { target: '#auth.passwordAuth', actions: ['beginSignIn', assign({ notice: 'passwordChanged' })] },
      },
      states: {
        checking: {
          tags: 'background',
          always: [
            { guard: 'refreshDue', target: 'background', actions: { type: 'startTask', params: { kind: 'refreshing' } } },
            { guard: 'trustLapsed', target: 'background', actions: { type: 'startTask', params: { kind: 'expiringTrust' } } },
            { target: 'ready' },
          ],
        },
        // Waiting for the user (idle), or showing a task's failure (failed): the same commands in both.
        ready: {
          initial: 'idle',
          on: {
            CHECK: 'checking',
            STORAGE_CHANGED: 'checkingSession',
            REFRESH: { target: 'background', actions: { type: 'startTask', params: { kind: 'refreshing' } } },
            FORGET_DEVICE: {
              target: 'busy',
              actions: { type: 'startTask', params: ({ event }) => ({ kind: 'forgettingDevice', deviceKey: event.deviceKey ?? null }) },
            },
            LIST_DEVICES: { target: 'busy', actions: { type: 'startTask', params: { kind: 'listingDevices' } } },
            REMEMBER_DEVICE: {
              guard: 'hasDevice',
              target: 'busy',
              actions: { type: 'startTask', params: ({ event }) => ({ kind: 'rememberingDevice', remember: event.remember === true }) },
            },
          },
          states: {
            idle: {
              entry: 'clearError',
              after: { nextCheck: { target: '#auth.signedIn.checking', reenter: true } },
            },
            failed: {
              on: {
                RETRY: [
                  {
                    guard: { type: 'retryTask', params: { background: true } },
                    target: '#auth.signedIn.background',
                    actions: 'clearError',
                  },
                  { guard: { type: 'retryTask', params: { background: false } }, target: '#auth.signedIn.busy', actions: 'clearError' },
                ],
              },
            },
          },
        },
        // A task of the session (`context.task`): refresh and trust expiry in the background (commands
        // wait for them), the user's device tasks in the foreground.
        background: { tags: ['task', 'background'], invoke: SIGNED_IN_TASK },
        busy: { tags: 'task', invoke: SIGNED_IN_TASK },
        // Another tab, window or process changed the stored session: still this user's, or signed out.
        checkingSession: {
          tags: ['busy:checkingSession', 'background'],
          invoke: {
            src: 'restoreSession',
            input: ({ context }) => ({ userId: context.signedIn?.userId ?? '' }),
            onDone: [
              { guard: 'restored', target: 'checking', actions: { type: 'sessionRestored', params: ({ event }) => event.output } },
              { target: '#auth.signedOut', actions: 'signedOutElsewhere' },
            ],
            // only storage can fail here (a session gone or another user's is the `null` above)
            onError: { target: 'ready.failed', actions: 'showError' },
          },
        },
      },
    },
    signingOut: {
      tags: ['doing:signingOut', 'background'],
      invoke: {
        src: 'signOut',
        input: ({ context, event }) => ({
          global: event.type === 'SIGN_OUT' && event.global === true,
          userId: context.signedIn?.userId ?? '',
        }),
        onDone: { target: 'signedOut', actions: assign({ notice: 'signedOut', error: null }) },
        onError: { target: 'signedOut', actions: 'showError' },
      },
    },
    // Leaves a sign-in (cancel, lost session): removes the tokens it stored, if still there; keeps the error.
    cancelling: {
      tags: ['doing:cancelling', 'background'],
      invoke: {
        src: 'clearSession',
        input: ({ context }) => ({ session: context.signedIn }),
        onDone: { target: 'signedOut' },
        onError: { target: 'signedOut' },
      },
    },
  },
})

/** The router's guard: Cognito's challenge is answered in `step` (one of {@link CHALLENGE_STEPS}). */
function stepFor(step: string) {
  return { type: 'stepFor' as const, params: { step } }
}

function stepOf(challenge: string | undefined): string | null {
  return (challenge !== undefined && Object.hasOwn(CHALLENGE_STEPS, challenge) ? CHALLENGE_STEPS[challenge] : undefined) ?? null
}

function deviceStatusInput(context: AuthContext, remember: boolean) {
  const device = context.device
  return {
    userId: context.signedIn?.userId ?? context.userId ?? '',
    deviceKey: device?.deviceKey ?? '',
    confirmedAt: device?.confirmedAt ?? 0,
    remember,
  }
}
