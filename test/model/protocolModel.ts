// The test model: Cognito's sign-in protocol as the API reference and the device-tracking guide describe
// it, seen from one client. It is a plain chart with no actors, so xstate/graph can walk it; each event
// names what the user does AND what Cognito answers, and the driver turns it into client commands and
// scripted Cognito replies. The real machine is exercised by the driver, not modelled here.
import { assign, setup } from 'xstate'

/** What this client's storage holds for the user when a path starts, and as it goes. */
export type DeviceState = 'none' | 'remembered' | 'notRemembered' | 'expired' | 'stale'
/**
 * What Cognito holds for the device whose key the client presents: its remembered status, which an
 * admin (or the trust sweep) may have changed behind the client's back; null when no key is presented.
 */
export type ServerStatus = 'remembered' | 'notRemembered' | null
/** The client's auth flow (`userAuth`: choice-based sign-in, USER_AUTH). */
export type Flow = 'srp' | 'password' | 'custom' | 'userAuth'
/** A first factor of choice-based sign-in. */
export type Factor = 'PASSWORD_SRP' | 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN'
/** The factors whose answer the server may take without the presented DEVICE_KEY (PASSWORD_SRP always honours it). */
const KEY_IGNORED_ON: readonly Factor[] = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']
/** The challenges a first factor can lead to. */
export type FirstAnswer =
  | 'tokens'
  | 'deviceSrp'
  | 'SOFTWARE_TOKEN_MFA'
  | 'SMS_MFA'
  | 'EMAIL_OTP'
  | 'SELECT_MFA_TYPE'
  | 'MFA_SETUP'
  | 'NEW_PASSWORD_REQUIRED'
  | 'CUSTOM_CHALLENGE'
  | 'wrongPassword'
  // USER_AUTH only: a one-time code or a passkey asked for at once (preferredChallenge), or Cognito's list of factors
  | 'SMS_OTP'
  | 'WEB_AUTHN'
  | 'SELECT_CHALLENGE'
/** ConfirmDevice's answer for a new device: ask the user (opt-in pool) or remembered at once. */
export type Confirm = 'prompt' | 'always'
/** What the user does once signed in (each path ends with one). */
export type Ending = 'signOut' | 'globalSignOut' | 'forgetDevice' | 'listDevices' | 'refresh' | 'trustLapses' | 'reload' | 'toggleRemember'

export interface ModelContext {
  flow: Flow
  device: DeviceState
  server: ServerStatus
  /** The client has an app client secret: SECRET_HASH goes with every call. */
  secret: boolean
  /** The channel of the MFA step (or of a passwordless first factor's code), when in one. */
  mfa: 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP' | 'SMS_OTP' | null
  /** USER_AUTH: Cognito takes no DEVICE_KEY on the factors in KEY_IGNORED_ON (a new key at each sign-in). */
  ignoresKey: boolean
  /** USER_AUTH: the first factor under way (null until chosen). */
  factor: Factor | null
  /** USER_AUTH: the first factor is a code or a passkey, so its code challenge is no MFA. */
  passwordless: boolean
  /** A wrong answer was given once already on this path (each path answers wrongly at most once). */
  retried: boolean
  /** The error the current step shows (a wrong answer stays in its step; a refused sign-in in signedOut). */
  error:
    'NOT_AUTHORIZED' | 'CODE_MISMATCH' | 'ENABLE_SOFTWARE_TOKEN_MFA' | 'TOO_MANY_ATTEMPTS' | 'INVALID_INPUT' | 'PASSKEY_CANCELLED' | null
  /** The reason the remember prompt shows. */
  remember: 'newDevice' | 'reasked' | null
  ending: Ending | null
}

export type ModelEvent =
  /** `server`: what Cognito holds for the device when it differs from the client's record (an admin un-remembered it). */
  | { type: 'GIVEN'; flow: Flow; device: DeviceState; secret?: true; server?: 'notRemembered'; ignoresKey?: true }
  | { type: 'SIGN_IN'; answer: FirstAnswer; confirm?: Confirm }
  /** `sessionSpent`: the wrong answers before used up Cognito's session, so even the right code is refused. */
  | { type: 'SUBMIT_CODE'; right: boolean; confirm?: Confirm; sessionSpent?: true }
  | { type: 'SELECT_MFA'; mfa: 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP' }
  | { type: 'CONFIRM_TOTP'; right: boolean; confirm?: Confirm }
  | { type: 'SUBMIT_NEW_PASSWORD'; confirm: Confirm }
  | { type: 'ANSWER'; right: boolean; confirm?: Confirm }
  /** USER_AUTH's choice of a first factor; `notOffered` is one Cognito did not list (refused before any call). */
  | { type: 'SELECT_CHALLENGE'; challenge: Factor | 'notOffered'; confirm?: Confirm }
  /** The passkey ceremony: it signs (`ok`), or the user dismisses it (`cancelled`, no call). */
  | { type: 'USE_PASSKEY'; outcome: 'ok' | 'cancelled'; confirm?: Confirm }
  | { type: 'REMEMBER'; remember: boolean }
  | { type: 'END'; ending: Ending }
  | { type: 'CANCEL' }

/** Whether the client presents a device key at sign-in (a trusted or merely tracked device). */
export const presentsKey = (c: ModelContext) => c.device === 'remembered' || c.device === 'notRemembered'

/** A key is presented but Cognito ignores it on this factor: it issues a new one, and the client replaces the old. */
export const replacesKey = (c: ModelContext) => c.ignoresKey && presentsKey(c) && c.factor !== null && KEY_IGNORED_ON.includes(c.factor)

/** Whether the sign-in ends with a device the client holds (device SRP), not a new one. */
const keepsKey = (c: ModelContext) => presentsKey(c) && !replacesKey(c)

const MFA = ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP'] as const

/** The start conditions, one per kind of storage the client can begin with. */
export const GIVENS: ModelEvent[] = [
  { type: 'GIVEN', flow: 'srp', device: 'none' },
  { type: 'GIVEN', flow: 'srp', device: 'remembered' },
  { type: 'GIVEN', flow: 'srp', device: 'remembered', secret: true },
  { type: 'GIVEN', flow: 'srp', device: 'remembered', server: 'notRemembered' },
  { type: 'GIVEN', flow: 'srp', device: 'notRemembered' },
  { type: 'GIVEN', flow: 'srp', device: 'expired' },
  { type: 'GIVEN', flow: 'srp', device: 'stale' },
  { type: 'GIVEN', flow: 'password', device: 'none' },
  { type: 'GIVEN', flow: 'password', device: 'remembered' },
  { type: 'GIVEN', flow: 'custom', device: 'none' },
  { type: 'GIVEN', flow: 'userAuth', device: 'none' },
  { type: 'GIVEN', flow: 'userAuth', device: 'remembered' },
  { type: 'GIVEN', flow: 'userAuth', device: 'remembered', ignoresKey: true },
]

/** USER_AUTH's first answers besides the password's: a factor asked for at once, or the list. */
const PASSWORDLESS_STARTS: FirstAnswer[] = ['EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN', 'SELECT_CHALLENGE']

/** Cognito's possible first answers, by flow and what the client holds (guides/device-tracking.md for the device cases). */
export function firstAnswers(c: ModelContext): FirstAnswer[] {
  if (c.flow === 'custom') return ['CUSTOM_CHALLENGE']
  // USER_AUTH: a typed password is PASSWORD_SRP (device SRP skips MFA on a remembered device, as for USER_SRP_AUTH)
  if (c.flow === 'userAuth')
    return [
      ...(c.device === 'remembered'
        ? ['deviceSrp' as const]
        : ['tokens' as const, 'SOFTWARE_TOKEN_MFA' as const, 'wrongPassword' as const]),
      ...PASSWORDLESS_STARTS,
    ]
  if (c.flow === 'password') return c.device === 'remembered' ? ['deviceSrp'] : ['tokens', 'SOFTWARE_TOKEN_MFA']
  switch (c.device) {
    case 'remembered':
      // un-remembered by an admin: MFA comes back. Still remembered: device SRP replaces MFA, or MFA is
      // asked all the same (threat protection judged the sign-in risky, or the pool keeps MFA for remembered devices)
      return c.server === 'notRemembered' ? ['SOFTWARE_TOKEN_MFA'] : ['deviceSrp', 'SOFTWARE_TOKEN_MFA', 'wrongPassword']
    case 'notRemembered':
    case 'stale':
      return ['SOFTWARE_TOKEN_MFA']
    default:
      return ['tokens', ...MFA, 'SELECT_MFA_TYPE', 'MFA_SETUP', 'NEW_PASSWORD_REQUIRED', 'wrongPassword']
  }
}

/** The final answer's variants: a new device (no key presented) is confirmed one of two ways. */
const confirms = (c: ModelContext): (Confirm | undefined)[] => (keepsKey(c) ? [undefined] : ['prompt', 'always'])

/** The factor a first answer of USER_AUTH starts (null: the user chooses in the selectChallenge step). */
export function factorOf(c: ModelContext, answer: FirstAnswer): Factor | null {
  if (c.flow !== 'userAuth' || answer === 'SELECT_CHALLENGE') return null
  return answer === 'EMAIL_OTP' || answer === 'SMS_OTP' || answer === 'WEB_AUTHN' ? answer : 'PASSWORD_SRP'
}

/** The context once a factor is known (what decides the final answer's variants). */
export const withFactor = (c: ModelContext, factor: Factor | null): ModelContext => ({
  ...c,
  factor,
  passwordless: factor === 'EMAIL_OTP' || factor === 'SMS_OTP' || factor === 'WEB_AUTHN',
})

const FACTORS: readonly Factor[] = ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']
const withConfirm = <E extends ModelEvent>(c: ModelContext, e: E): E[] => confirms(c).map((confirm) => (confirm ? { ...e, confirm } : e))

/** The events the model offers in a state: what xstate/graph explores. */
export function modelEvents(snapshot: { value: unknown; context: ModelContext }): ModelEvent[] {
  const c = snapshot.context
  const cancel: ModelEvent = { type: 'CANCEL' }
  switch (snapshot.value) {
    case 'start':
      return GIVENS
    case 'signedOut':
      return firstAnswers(c).flatMap((answer) =>
        answer === 'tokens'
          ? withConfirm(withFactor(c, factorOf(c, answer)), { type: 'SIGN_IN', answer } as ModelEvent)
          : [{ type: 'SIGN_IN', answer } as ModelEvent],
      )
    case 'selectChallenge':
      return [
        ...FACTORS.flatMap((challenge) =>
          challenge.startsWith('PASSWORD')
            ? withConfirm(withFactor(c, challenge), { type: 'SELECT_CHALLENGE', challenge } as ModelEvent)
            : [{ type: 'SELECT_CHALLENGE', challenge } as ModelEvent],
        ),
        // one refused choice per path, on the first start condition only (it is the same refusal on every other)
        ...(c.retried || c.device !== 'none' ? [] : [{ type: 'SELECT_CHALLENGE', challenge: 'notOffered' } as ModelEvent]),
        cancel,
      ]
    case 'passkey':
      return [
        ...withConfirm(c, { type: 'USE_PASSKEY', outcome: 'ok' } as ModelEvent),
        ...(c.retried ? [] : [{ type: 'USE_PASSKEY', outcome: 'cancelled' } as ModelEvent]),
        cancel,
      ]
    case 'mfaCode':
      return [
        ...withConfirm(c, { type: 'SUBMIT_CODE', right: true } as ModelEvent),
        // a spent session follows a wrong code (not a refused choice, which made no call)
        ...(c.error === 'CODE_MISMATCH' ? [{ type: 'SUBMIT_CODE', right: true, sessionSpent: true } as ModelEvent] : []),
        ...(c.retried ? [] : [{ type: 'SUBMIT_CODE', right: false } as ModelEvent]),
        cancel,
      ]
    case 'selectMfa':
      return [...MFA.map((mfa) => ({ type: 'SELECT_MFA', mfa }) as ModelEvent), cancel]
    case 'totpSetup':
      return [
        ...withConfirm(c, { type: 'CONFIRM_TOTP', right: true } as ModelEvent),
        ...(c.retried ? [] : [{ type: 'CONFIRM_TOTP', right: false } as ModelEvent]),
        cancel,
      ]
    case 'newPassword':
      return [...withConfirm(c, { type: 'SUBMIT_NEW_PASSWORD' } as ModelEvent), cancel]
    case 'customChallenge':
      return [
        ...withConfirm(c, { type: 'ANSWER', right: true } as ModelEvent),
        ...(c.retried ? [] : [{ type: 'ANSWER', right: false } as ModelEvent]),
        cancel,
      ]
    case 'rememberDevice':
      return [{ type: 'REMEMBER', remember: true }, { type: 'REMEMBER', remember: false }, cancel]
    case 'signedIn':
      return endings(c).map((ending) => ({ type: 'END', ending }))
    default:
      return []
  }
}

function endings(c: ModelContext): Ending[] {
  // USER_AUTH changes how a session starts, not what it does once signed in: one ending keeps its paths few
  if (c.flow === 'userAuth') return ['signOut']
  const list: Ending[] = ['signOut', 'globalSignOut', 'listDevices', 'refresh', 'reload']
  if (c.device !== 'none') list.push('forgetDevice')
  if (c.device === 'remembered' || c.device === 'notRemembered') list.push('toggleRemember')
  if (c.device === 'remembered') list.push('trustLapses')
  return list
}

/**
 * After MFA on a presented key, the client asks Cognito about the device (GetDevice): remembered, and
 * nobody is asked; not remembered (Cognito answers "Device does not exist." for a not_remembered device,
 * as for an unknown one), and the user is asked again whether to remember it.
 */
const deviceCheck = (c: ModelContext): Partial<ModelContext> => (c.server === 'remembered' ? {} : { remember: 'reasked' })

/**
 * What a failed GetDevice leads to (any error, silence, an answer of the wrong shape): the prompt, as if
 * Cognito no longer held the device remembered. The client cannot tell the two apart, and asking is the
 * safe side: one question too many, where skipping it could leave the device un-remembered at Cognito
 * while the client's record says remembered.
 */
export const DEVICE_CHECK_FAILED: Partial<ModelContext> = { remember: 'reasked' }

/** The device state once Cognito has authenticated the user and the client has handled the device. */
function afterTokens(c: ModelContext, confirm: Confirm | undefined): Partial<ModelContext> {
  // device SRP; after MFA the device check (a passwordless first factor's code is no MFA)
  if (keepsKey(c)) return c.mfa && !c.passwordless ? deviceCheck(c) : {}
  return confirm === 'prompt'
    ? { device: 'notRemembered', server: 'notRemembered', remember: 'newDevice' }
    : { device: 'remembered', server: 'remembered', remember: null }
}

/** Cognito's status of a device the client holds as `device` (the two agree once the client set it). */
const serverOf = (device: DeviceState): ServerStatus => (device === 'remembered' || device === 'notRemembered' ? device : null)

const toRemember = (c: ModelContext) => c.remember !== null

function endingDevice(device: DeviceState, ending: Ending): DeviceState {
  if (ending === 'forgetDevice') return 'none'
  if (ending === 'trustLapses') return 'notRemembered'
  if (ending === 'toggleRemember') return device === 'remembered' ? 'notRemembered' : 'remembered'
  return device
}

/** A right answer: no error in the next step. */
const answered = (context: ModelContext, confirm: Confirm | undefined): Partial<ModelContext> => ({
  ...afterTokens(context, confirm),
  error: null,
})

export const protocolModel = setup({
  types: { context: {} as ModelContext, events: {} as ModelEvent },
  guards: {
    remembering: ({ context }) => toRemember(context),
  },
}).createMachine({
  id: 'protocol',
  initial: 'start',
  context: {
    flow: 'srp',
    device: 'none',
    server: null,
    secret: false,
    mfa: null,
    ignoresKey: false,
    factor: null,
    passwordless: false,
    retried: false,
    error: null,
    remember: null,
    ending: null,
  },
  states: {
    start: {
      on: {
        GIVEN: {
          target: 'signedOut',
          actions: assign(({ event }) => ({
            flow: event.flow,
            device: event.device,
            server: event.server ?? serverOf(event.device),
            secret: event.secret === true,
            ignoresKey: event.ignoresKey === true,
          })),
        },
      },
    },
    signedOut: {
      on: {
        SIGN_IN: [
          { guard: ({ event }) => event.answer === 'wrongPassword', target: 'refused', actions: assign({ error: 'NOT_AUTHORIZED' }) },
          {
            guard: ({ event }) => [...MFA, 'SMS_OTP'].includes(event.answer),
            target: 'mfaCode',
            actions: assign(({ context, event }) => ({
              ...withFactor(context, factorOf(context, event.answer)),
              mfa: event.answer as ModelContext['mfa'],
            })),
          },
          {
            guard: ({ event }) => event.answer === 'WEB_AUTHN',
            target: 'passkey',
            actions: assign(({ context }) => withFactor(context, 'WEB_AUTHN')),
          },
          { guard: ({ event }) => event.answer === 'SELECT_CHALLENGE', target: 'selectChallenge' },
          { guard: ({ event }) => event.answer === 'SELECT_MFA_TYPE', target: 'selectMfa' },
          { guard: ({ event }) => event.answer === 'MFA_SETUP', target: 'totpSetup', actions: assign({ mfa: 'SOFTWARE_TOKEN_MFA' }) },
          { guard: ({ event }) => event.answer === 'NEW_PASSWORD_REQUIRED', target: 'newPassword' },
          { guard: ({ event }) => event.answer === 'CUSTOM_CHALLENGE', target: 'customChallenge' },
          {
            target: 'authenticated',
            actions: assign(({ context, event }) => {
              const c = withFactor(context, factorOf(context, event.answer))
              return { ...c, ...afterTokens(c, event.confirm) }
            }),
          },
        ],
      },
    },
    selectChallenge: {
      on: {
        SELECT_CHALLENGE: [
          // refused in the step before any call; the user chooses again there
          {
            guard: ({ event }) => event.challenge === 'notOffered',
            target: 'selectChallenge',
            reenter: true,
            actions: assign({ retried: true, error: 'INVALID_INPUT' }),
          },
          {
            guard: ({ event }) => event.challenge === 'EMAIL_OTP' || event.challenge === 'SMS_OTP',
            target: 'mfaCode',
            actions: assign(({ context, event }) => ({
              ...withFactor(context, event.challenge as Factor),
              mfa: event.challenge as 'EMAIL_OTP' | 'SMS_OTP',
              error: null,
            })),
          },
          {
            guard: ({ event }) => event.challenge === 'WEB_AUTHN',
            target: 'passkey',
            actions: assign(({ context }) => ({ ...withFactor(context, 'WEB_AUTHN'), error: null })),
          },
          {
            target: 'authenticated',
            actions: assign(({ context, event }) => {
              const c = withFactor(context, event.challenge as Factor)
              return { ...c, ...answered(c, event.confirm) }
            }),
          },
        ],
        CANCEL: 'cancelled',
      },
    },
    passkey: {
      on: {
        USE_PASSKEY: [
          // the ceremony dismissed: PASSKEY_CANCELLED in the step, no call; the user tries again there
          {
            guard: ({ event }) => event.outcome === 'cancelled',
            target: 'passkey',
            reenter: true,
            actions: assign({ retried: true, error: 'PASSKEY_CANCELLED' }),
          },
          { target: 'authenticated', actions: assign(({ context, event }) => answered(context, event.confirm)) },
        ],
        CANCEL: 'cancelled',
      },
    },
    mfaCode: {
      on: {
        SUBMIT_CODE: [
          { guard: ({ event }) => event.sessionSpent === true, target: 'refused', actions: assign({ error: 'TOO_MANY_ATTEMPTS' }) },
          {
            guard: ({ event }) => event.right,
            target: 'authenticated',
            actions: assign(({ context, event }) => answered(context, event.confirm)),
          },
          // a wrong code stays in the step, with its error; the user types the code again there
          { target: 'mfaCode', reenter: true, actions: assign({ retried: true, error: 'CODE_MISMATCH' }) },
        ],
        CANCEL: 'cancelled',
      },
    },
    selectMfa: {
      on: { SELECT_MFA: { target: 'mfaCode', actions: assign(({ event }) => ({ mfa: event.mfa })) }, CANCEL: 'cancelled' },
    },
    totpSetup: {
      on: {
        CONFIRM_TOTP: [
          {
            guard: ({ event }) => event.right,
            target: 'authenticated',
            actions: assign(({ context, event }) => answered(context, event.confirm)),
          },
          { target: 'totpSetup', reenter: true, actions: assign({ retried: true, error: 'ENABLE_SOFTWARE_TOKEN_MFA' }) },
        ],
        CANCEL: 'cancelled',
      },
    },
    newPassword: {
      on: {
        SUBMIT_NEW_PASSWORD: { target: 'authenticated', actions: assign(({ context, event }) => afterTokens(context, event.confirm)) },
        CANCEL: 'cancelled',
      },
    },
    customChallenge: {
      on: {
        ANSWER: [
          {
            guard: ({ event }) => event.right,
            target: 'authenticated',
            actions: assign(({ context, event }) => afterTokens(context, event.confirm)),
          },
          { target: 'customChallenge', reenter: true, actions: assign({ retried: true }) },
        ],
        CANCEL: 'cancelled',
      },
    },
    authenticated: {
      always: [{ guard: 'remembering', target: 'rememberDevice' }, { target: 'signedIn' }],
    },
    rememberDevice: {
      on: {
        REMEMBER: {
          target: 'signedIn',
          actions: assign(({ event }) => ({
            device: event.remember ? ('remembered' as const) : ('notRemembered' as const),
            server: event.remember ? ('remembered' as const) : ('notRemembered' as const),
            remember: null,
          })),
        },
        CANCEL: 'cancelled',
      },
    },
    signedIn: {
      on: {
        END: {
          target: 'done',
          actions: assign(({ context, event }) => ({
            ending: event.ending,
            device: endingDevice(context.device, event.ending),
            server: serverOf(endingDevice(context.device, event.ending)),
          })),
        },
      },
    },
    /** Signed out with the error that ended the sign-in (a wrong password, a spent session). */
    refused: { type: 'final' },
    cancelled: { type: 'final' },
    done: { type: 'final' },
  },
})
