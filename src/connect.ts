import type { SnapshotFrom } from 'xstate'
import type { AuthViewState, FailedActivity, InputStep, SignedInActivity, SignedInView, WorkingActivity } from './AuthView'
import { reviveAuthError } from './errors'
import { isObject, parseJson } from './json'
import type { authMachine } from './machine/authMachine'
import { FIRST_FACTORS, MFA_CODE_CHALLENGES, parseList, requiredAttributes } from './machine/challengeResponses'
import type { FirstFactor, MfaType, SessionInfo } from './machine/types'
import type { AuthError } from './errors'

/** A snapshot of {@link authMachine}. */
export type AuthSnapshot = SnapshotFrom<typeof authMachine>

/** The channel of an MFA code challenge (SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA). */
const channelOf = (name = '') => (name.startsWith('SMS') ? 'SMS' : name.startsWith('EMAIL') ? 'EMAIL' : 'TOTP')

function parseObject(text: string | undefined): Record<string, string> {
  const value = parseJson(text)
  return isObject(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {}
}

/**
 * Turns a machine snapshot into what a UI shows, an {@link AuthViewState} narrowed by `step`. What to
 * show comes from the states' tags (`step:`, `doing:`, `busy:`, `task`, `failed`; see `AuthTag`), declared in
 * the chart beside each state, so renaming a state cannot silently change a view. This is the only place
 * that reads machine state; `client.getView()` adds the commands.
 *
 * @param snapshot - the machine's current snapshot
 * @param options - `trustDays` shown in the rememberDevice step
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { connect } from 'cognito-auth-machine/machine'
 *
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example' }).start()
 * const view = connect(client.actor.getSnapshot())
 * if (view.step === 'mfaCode') console.log(view.channel, view.error?.message)
 * ```
 */
export function connect(snapshot: AuthSnapshot, options: { trustDays?: number } = {}): AuthViewState {
  const tagged = (prefix: string) => {
    for (const tag of snapshot.tags) if (tag.startsWith(prefix)) return tag.slice(prefix.length)
    return undefined
  }
  const c = snapshot.context
  const notice = c.notice
  const error = c.error ? reviveAuthError(c.error) : null
  const username = c.username
  const step = tagged('step:')
  const doing = tagged('doing:')
  const parameters = c.challenge?.parameters ?? {}
  if (step === 'signedIn' && c.signedIn) {
    const busy = (snapshot.hasTag('task') ? c.task?.kind : (tagged('busy:') as SignedInActivity | undefined)) ?? null
    return signedInView(c.signedIn, c, busy, error)
  }
  if (snapshot.hasTag('failed') && error) return { step: 'failed', doing: doing as FailedActivity, error, username, notice }
  if (doing || !step) return { step: 'working', doing: (doing as WorkingActivity | undefined) ?? 'signingIn', username, notice }
  switch (step as InputStep | 'signedOut') {
    case 'mfaCode':
      return {
        step: 'mfaCode',
        channel: channelOf(c.challenge?.name),
        destination: parameters.CODE_DELIVERY_DESTINATION ?? null,
        username: username ?? '',
        error,
        notice,
      }
    case 'selectMfa':
      return {
        step: 'selectMfa',
        options: parseList(parameters.MFAS_CAN_CHOOSE).filter((o): o is MfaType => MFA_CODE_CHALLENGES.includes(o)),
        error,
        notice,
      }
    case 'totpSetup': {
      const secret = c.totp?.secretCode ?? ''
      return { step: 'totpSetup', secret, otpauthUri: otpauthUri(secret, username ?? ''), error, notice }
    }
    case 'newPassword':
      return {
        step: 'newPassword',
        requiredAttributes: requiredAttributes(parameters),
        userAttributes: parseObject(parameters.userAttributes),
        error,
        notice,
      }
    case 'selectChallenge':
      return {
        step: 'selectChallenge',
        options: (c.challenge?.available ?? []).filter((o): o is FirstFactor => FIRST_FACTORS.includes(o)),
        username: username ?? '',
        error,
        notice,
      }
    case 'passkey':
      return { step: 'passkey', username: username ?? '', error, notice }
    case 'customChallenge':
      return { step: 'customChallenge', parameters: { ...parameters }, error, notice }
    case 'rememberDevice':
      return {
        step: 'rememberDevice',
        deviceKey: c.device?.deviceKey ?? '',
        reason: c.rememberReason ?? 'newDevice',
        trustDays: options.trustDays ?? null,
        error,
        notice,
      }
    default:
      // the name to fill the sign-in form with: after a failed sign-in, and after an account flow that ends here
      return {
        step: 'signedOut',
        error,
        username: error || notice === 'accountConfirmed' || notice === 'passwordReset' ? username : null,
        notice,
      }
  }
}

/** The signedIn view of a session (the account page adds `profile`). */
function signedInView(s: SessionInfo, c: AuthSnapshot['context'], busy: SignedInActivity | null, error: AuthError | null): SignedInView {
  const { username, userId, expiresAt } = s
  return {
    step: 'signedIn',
    username,
    userId,
    expiresAt,
    device: c.device,
    devices: c.devices,
    busy,
    error,
    notice: c.notice,
    profile: null,
  }
}

/** The `otpauth://` URI an authenticator app scans to enrol the secret (base32, so it needs no escaping). */
export function otpauthUri(secretCode: string, account: string): string {
  return `otpauth://totp/AWSCognito:${encodeURIComponent(account)}?secret=${secretCode}&issuer=AWSCognito`
}
