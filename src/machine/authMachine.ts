import { assign, createMachine, type ErrorActorEvent, type setup } from 'xstate'
import { AuthError, toAuthError, type AuthErrorCode } from '../errors'
import type { AuthActors } from './authActors'
import { challengeResponses, invalidAnswer, MFA_CODE_CHALLENGES } from './challengeResponses'
import { clockRules } from './clockRules'
import type { AuthAnswer, AuthContext, AuthEvent, AuthMachineInput, ExchangeInput, RetryTarget } from './types'

const rules = clockRules(() => Date.now())

/**
 * xstate's `setup()`, same types, without the action creators it also returns (sendTo, log, emit,
 * spawnChild, ...): only `createMachine` is used, and those would otherwise ship in every browser bundle.
 */
const lightSetup = ((implementations: Parameters<typeof createMachine>[1]) => ({
  createMachine: (config: Parameters<typeof createMachine>[0]) => createMachine(config, implementations),
})) as unknown as typeof setup

const SCRATCH = {
  session: null,
  challenge: null,
  challengeUsername: null,
  newDevice: null,
  expiredDevice: null,
  mfaAsked: false,
  rememberReason: null,
  totp: null,
} as const

/** A stale device (`Device does not exist.`): its record was dropped; the view says so. */
const STALE = { device: null, notice: 'staleDevice' } as const

/** No error pending. */
const NO_ERROR = { error: null, retryTarget: null, errorWhileSignedIn: false } as const

/** The context of a new sign-in, before its username. */
const FRESH = { ...SCRATCH, username: null, userId: null, device: null, signedIn: null, devices: null, ...NO_ERROR, notice: null } as const

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

/** Error codes after which the auth session cannot continue: back to signedOut with the error. */
const SESSION_LOST: readonly AuthErrorCode[] = ['SESSION_EXPIRED', 'NOT_SIGNED_IN']

/** The waiting state each user-answered challenge is shown in (the router's choice, and where RETRY returns). */
const CHALLENGE_STEPS: Record<string, RetryTarget> = {
  ...Object.fromEntries(MFA_CODE_CHALLENGES.map((name) => [name, 'mfaCode'])),
  SELECT_MFA_TYPE: 'selectMfa',
  NEW_PASSWORD_REQUIRED: 'newPassword',
  CUSTOM_CHALLENGE: 'customChallenge',
  MFA_SETUP: 'totpSetup',
}

// Transitions and actions several states share.

/** The `fail` action: records the failed actor's error, and where RETRY goes. */
function fail(retryTarget: RetryTarget | null, signedIn?: boolean) {
  return { type: 'fail' as const, params: { retryTarget, signedIn } }
}

/** To the error state with the failed actor's error. */
function toError(retryTarget: RetryTarget | null, signedIn?: boolean) {
  return { target: '#auth.error', actions: fail(retryTarget, signedIn) }
}

/** The auth session is gone: leave the sign-in, keeping the error. */
const SESSION_LOST_EXIT = {
  guard: { type: 'errorIs' as const, params: { codes: SESSION_LOST } },
  target: '#auth.cancelling',
  actions: fail(null),
}

/** The errors of a sign-in step: a lost session leaves the sign-in, anything else is shown with RETRY to `retryTarget`. */
function stepErrors(retryTarget: RetryTarget | null) {
  return [SESSION_LOST_EXIT, toError(retryTarget)]
}

/** An error while signed in: RETRY and CANCEL both return to signedIn. */
const SIGNED_IN_ERROR = toError('signedIn', true)

/** Cognito answered: store the answer and route it. */
const TO_ROUTING = {
  target: '#auth.routing',
  actions: { type: 'storeAnswer' as const, params: ({ event }: { event: { output: AuthAnswer } }) => event.output },
}

/** SIGN_IN, from signedOut or an error. */
const SIGN_IN = [
  { guard: 'invalidAnswer' as const, actions: 'rejectAnswer' as const },
  { target: '#auth.passwordAuth', actions: 'beginSignIn' as const },
]

/** A user's answer: rejected before any call when invalid, else sent from `target`. */
function answerTo(target: string) {
  return [
    { guard: 'invalidAnswer' as const, target: '#auth.error', actions: 'rejectAnswer' as const },
    { target, actions: 'clearError' as const },
  ]
}

/** Cognito's challenge is answered in `step` (the waiting state of {@link CHALLENGE_STEPS}). */
function stepFor(step: RetryTarget) {
  return { type: 'stepFor' as const, params: { step } }
}

/** Where RETRY returns: the state named like the target, but for these two. */
const RETRY_STATES: Partial<Record<RetryTarget, string>> = { totpSetup: 'totpSetup.waiting', refreshing: 'signedIn.refreshing' }

/** Every RetryTarget (a missing one would leave its RETRY going nowhere, which the model paths catch). */
const RETRY_TARGETS: readonly RetryTarget[] = [
  'mfaCode',
  'selectMfa',
  'totpSetup',
  'newPassword',
  'customChallenge',
  'confirmingDevice',
  'rememberPrompt',
  'forgettingExpiredDevice',
  'signedIn',
  'refreshing',
]

/**
 * The sign-in statechart (DESIGN.md "The chart"): every Cognito answer goes through one router
 * (`routing`); each waiting state takes one kind of user input; every effect is one of the
 * {@link AuthActors}, which must all be given with `authMachine.provide({ actors })` (an actor left out
 * is never started, and the machine waits in that state). Context never holds a
 * password, a device secret or a token.
 *
 * @example
 * ```ts
 * const machine = authMachine.provide({ actors: createAuthActors(deps) })
 * const actor = createActor(machine).start()
 * ```
 */
export const authMachine = lightSetup({
  types: {} as { context: AuthContext; events: AuthEvent; input: AuthMachineInput },
  actors: {} as AuthActors,
  guards: {
    ...rules.guards,
    invalidAnswer: ({ context, event }) => invalidAnswer(context, event) !== null,
    isAuthenticated: ({ context }) => context.challenge === null && context.signedIn !== null,
    stepFor: ({ context }, params: { step: RetryTarget }) => retryTargetOf(context.challenge?.name) === params.step,
    canAuthenticateDevice: ({ context }) => context.challenge?.name === 'DEVICE_SRP_AUTH' && context.device !== null,
    hasNewDevice: ({ context }) => context.newDevice !== null,
    reaskRemember: ({ context }) => context.mfaAsked && context.device !== null,
    hasExpiredDevice: ({ context }) => context.expiredDevice !== null,
    errorIs: ({ event }, params: { codes: readonly AuthErrorCode[] }) => params.codes.includes(errorOf(event).code),
    retryTo: ({ context }, params: { target: RetryTarget }) => context.retryTarget === params.target,
    errorWhileSignedIn: ({ context }) => context.errorWhileSignedIn,
  },
  delays: rules.delays,
  actions: {
    fail: assign(({ event }, params: { retryTarget: RetryTarget | null; signedIn?: boolean }) => {
      const error = errorOf(event)
      const stale = error.code === 'STALE_DEVICE'
      return { ...errorFields(error, stale ? null : params.retryTarget, params.signedIn), ...(stale ? STALE : {}) }
    }),
    rejectAnswer: assign(({ context, event }) =>
      errorFields(
        new AuthError('INVALID_INPUT', invalidAnswer(context, event) ?? 'invalid input'),
        event.type === 'SIGN_IN' ? null : retryTargetOf(context.challenge?.name),
      ),
    ),
    clearError: assign(NO_ERROR),
    beginSignIn: assign(({ event }) => ({ ...FRESH, username: event.type === 'SIGN_IN' ? event.username.trim() : null })),
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
        }
      }
      const userId = answer.userId ?? context.userId
      return {
        ...stale,
        challenge: { name: answer.name, parameters: answer.parameters },
        session: answer.session,
        userId,
        challengeUsername: answer.parameters.USERNAME ?? userId ?? context.challengeUsername,
      }
    }),
    markMfaAsked: assign({ mfaAsked: true }),
    resetToSignedOut: assign({ ...SCRATCH, signedIn: null, devices: null }),
    enterSignedIn: assign({ ...SCRATCH, ...NO_ERROR }),
  },
}).createMachine({
  id: 'auth',
  context: ({ input }) => ({ ...FRESH, authFlow: input?.authFlow ?? 'USER_SRP_AUTH' }),
  initial: 'restoring',
  states: {
    restoring: {
      invoke: {
        src: 'restoreSession',
        input: {},
        onDone: [
          {
            guard: ({ event }) => event.output !== null,
            target: 'signedIn',
            actions: assign(({ event }) => ({
              signedIn: event.output!.session,
              device: event.output!.device,
              username: event.output!.session.username,
              userId: event.output!.session.userId,
            })),
          },
          { target: 'signedOut' },
        ],
        onError: { target: 'signedOut', actions: fail(null) },
      },
    },
    signedOut: {
      entry: 'resetToSignedOut',
      on: { SIGN_IN: SIGN_IN },
    },
    // The device record, then InitiateAuth: the SIGN_IN event's password goes to this actor's input only.
    passwordAuth: {
      invoke: {
        src: 'startAuth',
        input: ({ context, event }) => ({
          username: context.username ?? '',
          password: event.type === 'SIGN_IN' ? event.password : undefined,
          authFlow: context.authFlow,
        }),
        onDone: {
          target: 'routing',
          actions: [
            assign(({ event }) => {
              const { userId, device, expired, dropped } = event.output.loaded
              return {
                userId,
                device,
                expiredDevice: expired,
                notice: expired ? ('trustExpired' as const) : dropped ? ('deviceRecordDropped' as const) : null,
              }
            }),
            { type: 'storeAnswer', params: ({ event }) => event.output.answer },
          ],
        },
        onError: stepErrors(null),
      },
      on: { CANCEL: 'cancelling' },
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
        {
          target: 'error',
          actions: assign(({ context }) =>
            errorFields(new AuthError('UNKNOWN_CHALLENGE', `no step for challenge ${context.challenge?.name ?? '(none)'}`), null),
          ),
        },
      ],
    },
    mfaCode: { on: { SUBMIT_CODE: answerTo('#auth.responding'), CANCEL: 'cancelling' } },
    selectMfa: { on: { SELECT_MFA: answerTo('#auth.responding'), CANCEL: 'cancelling' } },
    newPassword: { on: { SUBMIT_NEW_PASSWORD: answerTo('#auth.responding'), CANCEL: 'cancelling' } },
    customChallenge: { on: { ANSWER: answerTo('#auth.responding'), CANCEL: 'cancelling' } },
    totpSetup: {
      initial: 'associating',
      on: { CANCEL: '#auth.cancelling' },
      states: {
        associating: {
          invoke: {
            src: 'associateTotp',
            input: ({ context }) => ({ session: context.session }),
            onDone: {
              target: 'waiting',
              actions: assign(({ event }) => ({ totp: { secretCode: event.output.secretCode }, session: event.output.session })),
            },
            onError: stepErrors(null),
          },
        },
        waiting: { on: { SUBMIT_CODE: answerTo('#auth.totpSetup.verifying') } },
        verifying: {
          invoke: {
            src: 'verifyTotp',
            input: ({ context, event }) => ({ ...exchangeOf(context), code: event.type === 'SUBMIT_CODE' ? event.code.trim() : '' }),
            onDone: TO_ROUTING,
            onError: stepErrors('totpSetup'),
          },
        },
      },
    },
    // Answers to user-facing challenges: one state, the answer built from the event.
    responding: {
      invoke: {
        src: 'respond',
        input: ({ context, event }) => ({ ...exchangeOf(context), ...challengeResponses(context, event) }),
        onDone: TO_ROUTING,
        onError: [
          SESSION_LOST_EXIT,
          {
            target: 'error',
            actions: { type: 'fail', params: ({ context }) => ({ retryTarget: retryTargetOf(context.challenge?.name) }) },
          },
        ],
      },
      on: { CANCEL: 'cancelling' },
    },
    deviceAuth: {
      invoke: {
        src: 'deviceAuth',
        input: ({ context }) => exchangeOf(context),
        onDone: TO_ROUTING,
        onError: stepErrors(null),
      },
      on: { CANCEL: 'cancelling' },
    },
    authenticated: {
      always: [
        { guard: 'hasNewDevice', target: 'confirmingDevice' },
        { guard: 'reaskRemember', target: 'rememberPrompt', actions: assign({ rememberReason: 'reasked' }) },
        { target: 'afterDevice' },
      ],
    },
    confirmingDevice: {
      invoke: {
        src: 'confirmDevice',
        input: ({ context }) => ({
          username: context.username ?? '',
          userId: context.signedIn?.userId ?? context.userId ?? '',
          newDevice: context.newDevice!,
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.userConfirmationNecessary,
            target: 'rememberPrompt',
            actions: assign(({ event }) => ({ device: event.output.device, newDevice: null, rememberReason: 'newDevice' as const })),
          },
          { target: 'afterDevice', actions: assign(({ event }) => ({ device: event.output.device, newDevice: null })) },
        ],
        onError: toError('confirmingDevice'),
      },
    },
    rememberPrompt: {
      on: {
        REMEMBER_DEVICE: { target: 'updatingDeviceStatus', actions: 'clearError' },
        CANCEL: 'cancelling',
      },
    },
    updatingDeviceStatus: {
      invoke: {
        src: 'setDeviceStatus',
        input: ({ context, event }) => deviceStatusInput(context, event.type === 'REMEMBER_DEVICE' && event.remember === true),
        onDone: { target: 'afterDevice', actions: assign(({ event }) => ({ device: event.output, rememberReason: null })) },
        onError: toError('rememberPrompt'),
      },
    },
    afterDevice: {
      always: [{ guard: 'hasExpiredDevice', target: 'forgettingExpiredDevice' }, { target: 'signedIn' }],
    },
    forgettingExpiredDevice: {
      invoke: {
        src: 'forgetExpiredDevice',
        input: ({ context }) => ({ deviceKey: context.expiredDevice?.deviceKey ?? '' }),
        onDone: { target: 'signedIn', actions: assign({ expiredDevice: null }) },
        onError: toError('forgettingExpiredDevice'),
      },
    },
    signedIn: {
      entry: 'enterSignedIn',
      initial: 'checking',
      states: {
        checking: {
          always: [{ guard: 'refreshDue', target: 'refreshing' }, { guard: 'trustLapsed', target: 'expiringTrust' }, { target: 'idle' }],
        },
        idle: {
          after: { nextCheck: { target: 'checking', reenter: true } },
          on: {
            CHECK: 'checking',
            REFRESH: 'refreshing',
            SIGN_OUT: '#auth.signingOut',
            FORGET_DEVICE: 'forgettingDevice',
            LIST_DEVICES: 'listingDevices',
            REMEMBER_DEVICE: [{ guard: ({ context }) => context.device !== null, target: 'rememberingDevice' }],
          },
        },
        refreshing: {
          invoke: {
            src: 'refreshSession',
            input: {},
            onDone: { target: 'checking', actions: assign(({ event }) => ({ signedIn: event.output })) },
            onError: [
              {
                guard: { type: 'errorIs', params: { codes: ['NOT_AUTHORIZED', 'SESSION_EXPIRED', 'NOT_SIGNED_IN', 'STALE_DEVICE'] } },
                target: '#auth.cancelling',
                actions: fail(null),
              },
              toError('refreshing', true),
            ],
          },
        },
        expiringTrust: {
          invoke: {
            src: 'setDeviceStatus',
            input: ({ context }) => deviceStatusInput(context, false),
            onDone: { target: 'checking', actions: assign(({ event }) => ({ device: event.output, notice: 'trustExpired' as const })) },
            onError: SIGNED_IN_ERROR,
          },
        },
        rememberingDevice: {
          invoke: {
            src: 'setDeviceStatus',
            input: ({ context, event }) => deviceStatusInput(context, event.type === 'REMEMBER_DEVICE' && event.remember === true),
            onDone: { target: 'checking', actions: assign(({ event }) => ({ device: event.output })) },
            onError: SIGNED_IN_ERROR,
          },
        },
        forgettingDevice: {
          invoke: {
            src: 'forgetDevice',
            input: ({ event }) => ({ deviceKey: event.type === 'FORGET_DEVICE' ? (event.deviceKey ?? null) : null }),
            onDone: {
              target: 'idle',
              actions: assign(({ context, event }) => ({
                device: event.output.current ? null : context.device,
                devices: context.devices?.filter((d) => d.deviceKey !== event.output.deviceKey) ?? null,
                notice: 'deviceForgotten' as const,
              })),
            },
            onError: SIGNED_IN_ERROR,
          },
        },
        listingDevices: {
          invoke: {
            src: 'listDevices',
            input: {},
            onDone: { target: 'idle', actions: assign(({ event }) => ({ devices: event.output })) },
            onError: SIGNED_IN_ERROR,
          },
        },
      },
    },
    signingOut: {
      invoke: {
        src: 'signOut',
        input: ({ event }) => ({ global: event.type === 'SIGN_OUT' && event.global === true }),
        onDone: { target: 'signedOut', actions: assign({ notice: 'signedOut', error: null }) },
        onError: { target: 'signedOut', actions: fail(null) },
      },
    },
    // Leaves a sign-in (cancel, lost session): removes any tokens it stored, keeps the error.
    cancelling: {
      invoke: {
        src: 'clearSession',
        input: {},
        onDone: { target: 'signedOut' },
        onError: { target: 'signedOut' },
      },
    },
    error: {
      on: {
        RETRY: RETRY_TARGETS.map((target) => ({
          guard: { type: 'retryTo' as const, params: { target } },
          target: `#auth.${RETRY_STATES[target] ?? target}`,
          actions: 'clearError' as const,
        })),
        CANCEL: [
          { guard: 'errorWhileSignedIn', target: 'signedIn' },
          { target: 'cancelling', actions: 'clearError' },
        ],
        SIGN_IN: SIGN_IN,
      },
    },
  },
})

function retryTargetOf(challenge: string | undefined): RetryTarget | null {
  return (challenge !== undefined && CHALLENGE_STEPS[challenge]) || null
}

function errorFields(error: AuthError, retryTarget: RetryTarget | null, signedIn = false) {
  return { error: error.toJSON(), retryTarget, errorWhileSignedIn: signedIn }
}

function deviceStatusInput(context: AuthContext, remember: boolean) {
  return { userId: context.device?.userId ?? context.userId ?? '', deviceKey: context.device?.deviceKey ?? '', remember }
}
