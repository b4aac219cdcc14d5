import type { SnapshotFrom } from 'xstate'
import type { AuthCommands, AuthView, AuthViewState, SignedInActivity, WorkingActivity } from './AuthView'
import { conceal } from './concealed'
import { reviveAuthError } from './errors'
import { isObject, parseJson } from './json'
import type { authMachine } from './machine/authMachine'
import { MFA_CODE_CHALLENGES, parseList, requiredAttributes } from './machine/challengeResponses'
import type { AuthContext, AuthEvent, MfaType } from './machine/types'

/** A snapshot of {@link authMachine}. */
export type AuthSnapshot = SnapshotFrom<typeof authMachine>

/**
 * What a working state is doing; any other (passwordAuth) is `signingIn`. The transient states (routing,
 * authenticated, afterDevice, signedIn.checking) are left within the same step, so no snapshot shows them.
 */
const WORKING: Record<string, WorkingActivity> = {
  restoring: 'restoring',
  responding: 'answeringChallenge',
  'totpSetup.associating': 'settingUpTotp',
  'totpSetup.verifying': 'verifyingTotp',
  deviceAuth: 'authenticatingDevice',
  confirmingDevice: 'confirmingDevice',
  updatingDeviceStatus: 'updatingDevice',
  forgettingExpiredDevice: 'forgettingExpiredDevice',
  signingOut: 'signingOut',
  cancelling: 'cancelling',
}

const CHANNEL: Record<string, 'SMS' | 'TOTP' | 'EMAIL'> = { SMS_MFA: 'SMS', SOFTWARE_TOKEN_MFA: 'TOTP', EMAIL_OTP: 'EMAIL' }

function statePath(value: unknown): string {
  if (typeof value === 'string') return value
  const [key, child] = Object.entries(value as Record<string, unknown>)[0] ?? ['', '']
  const rest = statePath(child)
  return rest ? `${key}.${rest}` : key
}

function parseObject(text: string | undefined): Record<string, string> {
  const value = parseJson(text)
  return isObject(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {}
}

/** Builds the view state (no commands) from the machine's state path and context. */
function viewState(path: string, c: AuthContext, trustDays: number | null): AuthViewState {
  const notice = c.notice
  const [top, sub] = path.split('.')
  const parameters = c.challenge?.parameters ?? {}
  switch (top) {
    case 'signedOut':
      return { step: 'signedOut', error: c.error ? reviveAuthError(c.error) : null, notice }
    case 'mfaCode':
      return {
        step: 'mfaCode',
        channel: CHANNEL[c.challenge?.name ?? ''] ?? 'TOTP',
        destination: parameters.CODE_DELIVERY_DESTINATION ?? null,
        username: c.username ?? '',
        notice,
      }
    case 'selectMfa':
      return {
        step: 'selectMfa',
        options: parseList(parameters.MFAS_CAN_CHOOSE).filter((o): o is MfaType => MFA_CODE_CHALLENGES.includes(o)),
        notice,
      }
    case 'totpSetup':
      if (sub === 'waiting' && c.totp) {
        return { step: 'totpSetup', secret: c.totp.secretCode, otpauthUri: otpauthUri(c.totp.secretCode, c.username ?? ''), notice }
      }
      break
    case 'newPassword':
      return {
        step: 'newPassword',
        requiredAttributes: requiredAttributes(parameters),
        userAttributes: parseObject(parameters.userAttributes),
        notice,
      }
    case 'customChallenge':
      return { step: 'customChallenge', parameters: { ...parameters }, notice }
    case 'rememberPrompt':
      return { step: 'rememberDevice', deviceKey: c.device?.deviceKey ?? '', reason: c.rememberReason ?? 'newDevice', trustDays, notice }
    case 'signedIn': {
      const s = c.signedIn
      if (!s) break
      // every substate of signedIn but checking and idle is named after its SignedInActivity
      return {
        step: 'signedIn',
        username: s.username,
        userId: s.userId,
        expiresAt: s.expiresAt,
        device: c.device,
        devices: c.devices,
        busy: sub === 'idle' || !sub ? null : (sub as SignedInActivity),
        notice,
      }
    }
    case 'error':
      if (c.error) {
        return { step: 'error', error: reviveAuthError(c.error), canRetry: c.retryTarget !== null, signedIn: c.errorWhileSignedIn, notice }
      }
      break
  }
  return { step: 'working', doing: WORKING[path] ?? WORKING[top ?? ''] ?? 'signingIn', username: c.username, notice }
}

/**
 * Turns a machine snapshot into what a UI shows: an {@link AuthView}, narrowed by `view.step`, with
 * named commands that send the machine's events. This is the only place that reads machine state.
 *
 * @param snapshot - the machine's current snapshot
 * @param send - sends an event to the machine (e.g. `actor.send`)
 * @param options - `trustDays` shown in the rememberDevice step
 * @example
 * ```ts
 * const view = connect(actor.getSnapshot(), actor.send)
 * if (view.step === 'mfaCode') view.submitCode('123456')
 * ```
 */
export function connect(snapshot: AuthSnapshot, send: (event: AuthEvent) => void, options: { trustDays?: number } = {}): AuthView {
  const state = viewState(statePath(snapshot.value), snapshot.context, options.trustDays ?? null)
  return { ...state, ...commands(send) }
}

/** The named commands, each sending one event. */
export function commands(send: (event: AuthEvent) => void): AuthCommands {
  return {
    signIn: ({ username, password }) =>
      send({ type: 'SIGN_IN', username, password: password === undefined ? undefined : conceal(password) }),
    submitCode: (code) => send({ type: 'SUBMIT_CODE', code }),
    selectMfa: (mfaType) => send({ type: 'SELECT_MFA', mfaType }),
    confirmTotpSetup: (code) => send({ type: 'SUBMIT_CODE', code }),
    submitNewPassword: ({ password, attributes }) => send({ type: 'SUBMIT_NEW_PASSWORD', password: conceal(password), attributes }),
    answerCustomChallenge: (answer) => send({ type: 'ANSWER', answer }),
    rememberDevice: (remember) => send({ type: 'REMEMBER_DEVICE', remember }),
    signOut: (options) => send({ type: 'SIGN_OUT', global: options?.global === true }),
    forgetDevice: (deviceKey) => send({ type: 'FORGET_DEVICE', deviceKey }),
    listDevices: () => send({ type: 'LIST_DEVICES' }),
    refresh: () => send({ type: 'REFRESH' }),
    retry: () => send({ type: 'RETRY' }),
    cancel: () => send({ type: 'CANCEL' }),
  }
}

/** The `otpauth://` URI an authenticator app scans to enrol the secret (base32, so it needs no escaping). */
function otpauthUri(secretCode: string, account: string): string {
  return `otpauth://totp/AWSCognito:${encodeURIComponent(account)}?secret=${secretCode}&issuer=AWSCognito`
}
