import { assign, createMachine, type DoneActorEvent, type ErrorActorEvent, type setup } from 'xstate'
import { reveal } from '../concealed'
import { AuthError, toAuthError, type AuthErrorCode } from '../errors'
import { authActorStubs, type LoadDeviceActorOutput } from './authActors'
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

const RETRY_TARGETS: Record<RetryTarget, string> = {
  mfaCode: '#auth.mfaCode',
  selectMfa: '#auth.selectMfa',
  totpSetup: '#auth.totpSetup.waiting',
  newPassword: '#auth.newPassword',
  customChallenge: '#auth.customChallenge',
  confirmingDevice: '#auth.confirmingDevice',
  rememberPrompt: '#auth.rememberPrompt',
  forgettingExpiredDevice: '#auth.forgettingExpiredDevice',
  signedIn: '#auth.signedIn',
  refreshing: '#auth.signedIn.refreshing',
}

/**
 * The sign-in statechart (DESIGN.md "The chart"): every Cognito answer goes through one router
 * (`routing`); each waiting state takes one kind of user input; every effect is an actor from
 * {@link authActorStubs}, replaced with `authMachine.provide({ actors })`. Context never holds a
 * password, a device secret or a token.
 *
 * @example
 * ```ts
 * const machine = authMachine.provide({ actors: createAuthActors(deps) })
 * const actor = createActor(machine).start()
 * ```
 */
export const authMachine = lightSetup({
  types: {
    context: {} as AuthContext,
    events: {} as AuthEvent,
    input: {} as AuthMachineInput,
  },
  actors: authActorStubs,
  guards: {
    ...rules.guards,
    invalidSignIn: ({ context, event }) =>
      event.type !== 'SIGN_IN' ||
      typeof event.username !== 'string' ||
      event.username.trim() === '' ||
      (context.authFlow !== 'CUSTOM_AUTH' && !reveal(event.password)),
    invalidAnswer: ({ context, event }) => invalidAnswer(context, event) !== null,
    isAuthenticated: ({ context }) => context.challenge === null && context.signedIn !== null,
    challengeIs: ({ context }, params: { names: readonly string[] }) => context.challenge !== null && params.names.includes(context.challenge.name),
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
      return {
        error: error.toJSON(),
        retryTarget: error.code === 'STALE_DEVICE' ? null : params.retryTarget,
        errorWhileSignedIn: params.signedIn ?? false,
        ...(error.code === 'STALE_DEVICE' ? { device: null, notice: 'staleDevice' as const } : {}),
      }
    }),
    failWith: assign((_, params: { code: AuthErrorCode; message: string; retryTarget: RetryTarget | null }) => ({
      error: new AuthError(params.code, params.message).toJSON(),
      retryTarget: params.retryTarget,
      errorWhileSignedIn: false,
    })),
    rejectAnswer: assign(({ context, event }) => ({
      error: new AuthError('INVALID_INPUT', invalidAnswer(context, event) ?? 'invalid input').toJSON(),
      retryTarget: context.challenge?.name === 'MFA_SETUP' ? ('totpSetup' as const) : (retryTargetOf(context.challenge?.name) ?? null),
      errorWhileSignedIn: false,
    })),
    clearError: assign({ error: null, retryTarget: null, errorWhileSignedIn: false }),
    beginSignIn: assign(({ event }) => ({
      ...SCRATCH,
      username: event.type === 'SIGN_IN' ? event.username.trim() : null,
      userId: null,
      device: null,
      signedIn: null,
      devices: null,
      error: null,
      retryTarget: null,
      errorWhileSignedIn: false,
      notice: null,
    })),
    storeAnswer: assign(({ context }, answer: AuthAnswer) => {
      const stale = answer.staleDevice ? { device: null, notice: 'staleDevice' as const } : {}
      if (answer.kind === 'authenticated') {
        return { ...stale, challenge: null, session: null, signedIn: answer.session, newDevice: answer.newDevice, userId: answer.session.userId }
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
    enterSignedIn: assign({ ...SCRATCH, error: null, retryTarget: null, errorWhileSignedIn: false }),
  },
}).createMachine({
  id: 'auth',
  context: ({ input }) => ({
    ...SCRATCH,
    username: null,
    userId: null,
    device: null,
    signedIn: null,
    devices: null,
    error: null,
    retryTarget: null,
    errorWhileSignedIn: false,
    notice: null,
    authFlow: input?.authFlow ?? 'USER_SRP_AUTH',
  }),
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
            actions: assign(({ event }) => ({ signedIn: event.output!.session, device: event.output!.device, username: event.output!.session.username, userId: event.output!.session.userId })),
          },
          { target: 'signedOut' },
        ],
        onError: { target: 'signedOut', actions: { type: 'fail', params: { retryTarget: null } } },
      },
    },
    signedOut: {
      entry: 'resetToSignedOut',
      on: {
        SIGN_IN: [
          { guard: 'invalidSignIn', actions: { type: 'failWith', params: { code: 'INVALID_INPUT', message: 'username and password are required', retryTarget: null } } },
          { target: 'loadingDevice', actions: 'beginSignIn' },
        ],
      },
    },
    loadingDevice: {
      invoke: {
        src: 'loadDevice',
        input: ({ context, event }) => ({ username: context.username ?? '', password: event.type === 'SIGN_IN' ? event.password : undefined }),
        onDone: {
          target: 'passwordAuth',
          actions: assign(({ event }) => ({
            userId: event.output.userId,
            device: event.output.device,
            expiredDevice: event.output.expired,
            notice: event.output.expired ? ('trustExpired' as const) : event.output.dropped ? ('deviceRecordDropped' as const) : null,
          })),
        },
        onError: { target: 'error', actions: { type: 'fail', params: { retryTarget: null } } },
      },
      on: { CANCEL: 'cancelling' },
    },
    passwordAuth: {
      invoke: {
        src: 'startAuth',
        input: ({ context, event }) => ({
          username: context.username ?? '',
          password: (event as unknown as DoneActorEvent<LoadDeviceActorOutput>).output?.password,
          authFlow: context.authFlow,
          device: context.device ? { userId: context.device.userId, deviceKey: context.device.deviceKey } : null,
        }),
        onDone: { target: 'routing', actions: { type: 'storeAnswer', params: ({ event }) => event.output } },
        onError: stepErrors(null),
      },
      on: { CANCEL: 'cancelling' },
    },
    // The one router: every Cognito answer lands here.
    routing: {
      always: [
        { guard: 'isAuthenticated', target: 'authenticated' },
        { guard: { type: 'challengeIs', params: { names: MFA_CODE_CHALLENGES } }, target: 'mfaCode', actions: 'markMfaAsked' },
        { guard: { type: 'challengeIs', params: { names: ['SELECT_MFA_TYPE'] } }, target: 'selectMfa', actions: 'markMfaAsked' },
        { guard: { type: 'challengeIs', params: { names: ['MFA_SETUP'] } }, target: 'totpSetup', actions: 'markMfaAsked' },
        { guard: { type: 'challengeIs', params: { names: ['NEW_PASSWORD_REQUIRED'] } }, target: 'newPassword' },
        { guard: { type: 'challengeIs', params: { names: ['CUSTOM_CHALLENGE'] } }, target: 'customChallenge' },
        { guard: 'canAuthenticateDevice', target: 'deviceAuth' },
        {
          target: 'error',
          actions: assign(({ context }) => ({
            error: new AuthError('UNKNOWN_CHALLENGE', `no step for challenge ${context.challenge?.name ?? '(none)'}`).toJSON(),
            retryTarget: null,
            errorWhileSignedIn: false,
          })),
        },
      ],
    },
    mfaCode: { on: { SUBMIT_CODE: answerTransitions('mfaCode'), CANCEL: 'cancelling' } },
    selectMfa: { on: { SELECT_MFA: answerTransitions('selectMfa'), CANCEL: 'cancelling' } },
    newPassword: { on: { SUBMIT_NEW_PASSWORD: answerTransitions('newPassword'), CANCEL: 'cancelling' } },
    customChallenge: { on: { ANSWER: answerTransitions('customChallenge'), CANCEL: 'cancelling' } },
    totpSetup: {
      initial: 'associating',
      on: { CANCEL: '#auth.cancelling' },
      states: {
        associating: {
          invoke: {
            src: 'associateTotp',
            input: ({ context }) => ({ session: context.session }),
            onDone: { target: 'waiting', actions: assign(({ event }) => ({ totp: { secretCode: event.output.secretCode }, session: event.output.session })) },
            onError: [
              { guard: { type: 'errorIs', params: { codes: SESSION_LOST } }, target: '#auth.cancelling', actions: { type: 'fail', params: { retryTarget: null } } },
              { target: '#auth.error', actions: { type: 'fail', params: { retryTarget: null } } },
            ],
          },
        },
        waiting: {
          on: {
            SUBMIT_CODE: [
              { guard: 'invalidAnswer', target: '#auth.error', actions: 'rejectAnswer' },
              { target: 'verifying', actions: 'clearError' },
            ],
          },
        },
        verifying: {
          invoke: {
            src: 'verifyTotp',
            input: ({ context, event }) => ({ ...exchangeOf(context), code: event.type === 'SUBMIT_CODE' ? event.code.trim() : '' }),
            onDone: { target: '#auth.routing', actions: { type: 'storeAnswer', params: ({ event }) => event.output } },
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
        onDone: { target: 'routing', actions: { type: 'storeAnswer', params: ({ event }) => event.output } },
        onError: [
          { guard: { type: 'errorIs', params: { codes: SESSION_LOST } }, target: 'cancelling', actions: { type: 'fail', params: { retryTarget: null } } },
          { target: 'error', actions: assign(({ context, event }) => failure(event, retryTargetOf(context.challenge?.name))) },
        ],
      },
      on: { CANCEL: 'cancelling' },
    },
    deviceAuth: {
      invoke: {
        src: 'deviceAuth',
        input: ({ context }) => exchangeOf(context),
        onDone: { target: 'routing', actions: { type: 'storeAnswer', params: ({ event }) => event.output } },
        onError: [
          { guard: { type: 'errorIs', params: { codes: SESSION_LOST } }, target: 'cancelling', actions: { type: 'fail', params: { retryTarget: null } } },
          { target: 'error', actions: { type: 'fail', params: { retryTarget: null } } },
        ],
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
        input: ({ context }) => ({ username: context.username ?? '', userId: context.signedIn?.userId ?? context.userId ?? '', newDevice: context.newDevice! }),
        onDone: [
          {
            guard: ({ event }) => event.output.userConfirmationNecessary,
            target: 'rememberPrompt',
            actions: assign(({ event }) => ({ device: event.output.device, newDevice: null, rememberReason: 'newDevice' as const })),
          },
          { target: 'afterDevice', actions: assign(({ event }) => ({ device: event.output.device, newDevice: null })) },
        ],
        onError: { target: 'error', actions: { type: 'fail', params: { retryTarget: 'confirmingDevice' } } },
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
        input: ({ context, event }) => ({
          userId: context.device?.userId ?? context.userId ?? '',
          deviceKey: context.device?.deviceKey ?? '',
          remember: event.type === 'REMEMBER_DEVICE' && event.remember === true,
        }),
        onDone: { target: 'afterDevice', actions: assign(({ event }) => ({ device: event.output, rememberReason: null })) },
        onError: { target: 'error', actions: { type: 'fail', params: { retryTarget: 'rememberPrompt' } } },
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
        onError: { target: 'error', actions: { type: 'fail', params: { retryTarget: 'forgettingExpiredDevice' } } },
      },
    },
    signedIn: {
      entry: 'enterSignedIn',
      initial: 'checking',
      states: {
        checking: {
          always: [
            { guard: 'refreshDue', target: 'refreshing' },
            { guard: 'trustLapsed', target: 'expiringTrust' },
            { target: 'idle' },
          ],
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
                actions: { type: 'fail', params: { retryTarget: null } },
              },
              { target: '#auth.error', actions: { type: 'fail', params: { retryTarget: 'refreshing', signedIn: true } } },
            ],
          },
        },
        expiringTrust: {
          invoke: {
            src: 'setDeviceStatus',
            input: ({ context }) => ({ userId: context.device?.userId ?? '', deviceKey: context.device?.deviceKey ?? '', remember: false }),
            onDone: { target: 'checking', actions: assign(({ event }) => ({ device: event.output, notice: 'trustExpired' as const })) },
            onError: { target: '#auth.error', actions: { type: 'fail', params: { retryTarget: 'signedIn', signedIn: true } } },
          },
        },
        rememberingDevice: {
          invoke: {
            src: 'setDeviceStatus',
            input: ({ context, event }) => ({
              userId: context.device?.userId ?? '',
              deviceKey: context.device?.deviceKey ?? '',
              remember: event.type === 'REMEMBER_DEVICE' && event.remember === true,
            }),
            onDone: { target: 'checking', actions: assign(({ event }) => ({ device: event.output })) },
            onError: { target: '#auth.error', actions: { type: 'fail', params: { retryTarget: 'signedIn', signedIn: true } } },
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
            onError: { target: '#auth.error', actions: { type: 'fail', params: { retryTarget: 'signedIn', signedIn: true } } },
          },
        },
        listingDevices: {
          invoke: {
            src: 'listDevices',
            input: {},
            onDone: { target: 'idle', actions: assign(({ event }) => ({ devices: event.output })) },
            onError: { target: '#auth.error', actions: { type: 'fail', params: { retryTarget: 'signedIn', signedIn: true } } },
          },
        },
      },
    },
    signingOut: {
      invoke: {
        src: 'signOut',
        input: ({ event }) => ({ global: event.type === 'SIGN_OUT' && event.global === true }),
        onDone: { target: 'signedOut', actions: assign({ notice: 'signedOut', error: null }) },
        onError: { target: 'signedOut', actions: { type: 'fail', params: { retryTarget: null } } },
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
        RETRY: (Object.keys(RETRY_TARGETS) as RetryTarget[]).map((target) => ({
          guard: { type: 'retryTo' as const, params: { target } },
          target: RETRY_TARGETS[target],
          actions: 'clearError' as const,
        })),
        CANCEL: [{ guard: 'errorWhileSignedIn', target: 'signedIn' }, { target: 'cancelling', actions: 'clearError' }],
        SIGN_IN: [
          { guard: 'invalidSignIn', actions: { type: 'failWith', params: { code: 'INVALID_INPUT', message: 'username and password are required', retryTarget: null } } },
          { target: 'loadingDevice', actions: 'beginSignIn' },
        ],
      },
    },
  },
})

function answerTransitions(_from: RetryTarget) {
  return [
    { guard: 'invalidAnswer' as const, target: '#auth.error', actions: 'rejectAnswer' as const },
    { target: '#auth.responding', actions: 'clearError' as const },
  ]
}

function stepErrors(retryTarget: RetryTarget | null) {
  return [
    { guard: { type: 'errorIs' as const, params: { codes: SESSION_LOST } }, target: '#auth.cancelling', actions: { type: 'fail' as const, params: { retryTarget: null } } },
    { target: '#auth.error', actions: { type: 'fail' as const, params: { retryTarget } } },
  ]
}

function retryTargetOf(challenge: string | undefined): RetryTarget | null {
  if (challenge === undefined) return null
  if (MFA_CODE_CHALLENGES.includes(challenge)) return 'mfaCode'
  if (challenge === 'SELECT_MFA_TYPE') return 'selectMfa'
  if (challenge === 'NEW_PASSWORD_REQUIRED') return 'newPassword'
  if (challenge === 'CUSTOM_CHALLENGE') return 'customChallenge'
  if (challenge === 'MFA_SETUP') return 'totpSetup'
  return null
}

function failure(event: unknown, retryTarget: RetryTarget | null): Partial<AuthContext> {
  const error = errorOf(event)
  if (error.code === 'STALE_DEVICE') return { error: error.toJSON(), retryTarget: null, errorWhileSignedIn: false, device: null, notice: 'staleDevice' }
  return { error: error.toJSON(), retryTarget, errorWhileSignedIn: false }
}
