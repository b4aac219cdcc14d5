// The transcript of `npm start`'s tours: one line per view, one line per Cognito call naming the
// challenge it answers or what it did, each with its time. Shared by the device-trust tour (main.ts) and
// the account tour (account.ts).
import type { AuthView, CognitoTransport } from 'cognito-auth-machine'

const t0 = Date.now()
export function stamp(clock: { now(): number }): string {
  const elapsed = ((Date.now() - t0) / 1000).toFixed(3).padStart(7)
  return `+${elapsed}s ${new Date(clock.now()).toISOString()}`
}

export function describe(view: AuthView): string {
  const notice = `${view.notice ? `  notice=${view.notice}` : ''}${'error' in view && view.error ? `  error=${view.error.code} (${view.error.message})` : ''}`
  switch (view.step) {
    case 'signedOut':
      return `signedOut${notice}`
    case 'working':
      return `working (${view.doing})${notice}`
    case 'failed':
      return `failed (${view.doing})  retryable=${view.error.retryable}${notice}`
    case 'mfaCode':
      return `mfaCode  channel=${view.channel}${view.destination ? ` destination=${view.destination}` : ''}${notice}`
    case 'selectMfa':
      return `selectMfa  options=${view.options.join(',')}${notice}`
    case 'totpSetup':
      return `totpSetup  secret=${view.secret}\n${' '.repeat(36)}uri=${view.otpauthUri}${notice}`
    case 'newPassword':
      return `newPassword  required=${view.requiredAttributes.join(',') || '(none)'}${notice}`
    case 'customChallenge':
      return `customChallenge  ${JSON.stringify(view.parameters)}${notice}`
    case 'rememberDevice':
      return `rememberDevice  deviceKey=${view.deviceKey} reason=${view.reason}${view.trustDays ? ` trustDays=${view.trustDays}` : ''}${notice}`
    case 'signedIn': {
      const d = view.device
      const device = d
        ? `device=${d.deviceKey} ${d.status}${d.trustedUntil ? ` trustedUntil=${new Date(d.trustedUntil).toISOString()}` : ''}`
        : 'device=(none)'
      return `signedIn  user=${view.username} tokensExpire=${new Date(view.expiresAt).toISOString()} ${device}${view.busy ? ` busy=${view.busy}` : ''}${notice}`
    }
    case 'signUp':
    case 'forgotPassword':
      return `${view.step}  user=${view.username}${notice}`
    case 'confirmSignUp':
    case 'resetPassword':
      return `${view.step}  user=${view.username}${view.delivery ? ` code sent to ${view.delivery.destination}` : ''}${notice}`
  }
  // a step this transcript does not detail (the library may add steps): its name
  return `${(view as { step: string }).step}${notice}`
}

type Json = Record<string, unknown>
export const short = (key: unknown) => (typeof key === 'string' ? `${key.slice(0, 20)}…` : '?')

/** What Cognito answered to a sign-in step: the next challenge, or tokens (and a new device key). */
function answerOf(out: Json): string {
  if (typeof out.ChallengeName === 'string') return `-> challenge ${out.ChallengeName}`
  const result = out.AuthenticationResult as Json | undefined
  const device = result?.NewDeviceMetadata as Json | undefined
  return `-> tokens${device ? ` + NewDeviceMetadata (new device key ${short(device.DeviceKey)})` : ''}`
}

/** Where Cognito says it sent a code (`CodeDeliveryDetails`). */
function deliveryOf(out: Json): string {
  const details = out.CodeDeliveryDetails as Json | undefined
  return details ? `code sent by ${String(details.DeliveryMedium)} to ${String(details.Destination)}` : 'no code sent'
}

/** How an InitiateAuth proves who the user is: a password (SRP or plain), or a Session Cognito gave out earlier. */
function credentialOf(input: Json, params: Json): string {
  if (typeof input.Session !== 'string') return ''
  const password = 'PASSWORD' in params || 'SRP_A' in params
  return ` with ConfirmSignUp's Session${password ? '' : ', no password'}`
}

/** One line per account call (sign-up, its code, password reset): what it did, and what Cognito answered. */
function describeAccountCall(operation: string, input: Json, out: Json): string | undefined {
  switch (operation) {
    case 'SignUp':
      return `SignUp ${String(input.Username)}: created ${out.UserConfirmed ? 'confirmed' : 'unconfirmed'}, ${deliveryOf(out)}${typeof out.Session === 'string' ? ' + Session' : ''}`
    case 'ConfirmSignUp':
      return `ConfirmSignUp ${String(input.Username)} with the code${typeof input.Session === 'string' ? " and SignUp's Session" : ''} -> confirmed${typeof out.Session === 'string' ? ' + Session for the sign-in' : ''}`
    case 'ResendConfirmationCode':
      return `ResendConfirmationCode ${String(input.Username)}: ${deliveryOf(out)}`
    case 'ForgotPassword':
      return `ForgotPassword ${String(input.Username)}: reset ${deliveryOf(out)}`
    case 'ConfirmForgotPassword':
      return `ConfirmForgotPassword ${String(input.Username)} with the code: the new password is set`
    default:
      return undefined
  }
}

/** One line per call that tells the device-tracking story: which challenge is answered, and what each device operation did. */
function describeCall(operation: string, input: Json, out: Json): string {
  switch (operation) {
    case 'InitiateAuth': {
      const params = (input.AuthParameters ?? {}) as Json
      return `InitiateAuth ${String(input.AuthFlow)}${credentialOf(input, params)}${params.DEVICE_KEY ? ` presenting device ${short(params.DEVICE_KEY)}` : ''} ${answerOf(out)}`
    }
    case 'RespondToAuthChallenge':
      return `RespondToAuthChallenge ${String(input.ChallengeName)} ${answerOf(out)}`
    case 'AssociateSoftwareToken':
      return 'AssociateSoftwareToken: Cognito issues the TOTP secret (shown as a QR code in apps)'
    case 'VerifySoftwareToken':
      return `VerifySoftwareToken: the first TOTP code is ${String(out.Status)}`
    case 'ConfirmDevice':
      return `ConfirmDevice ${short(input.DeviceKey)}: its SRP verifier is stored; UserConfirmationNecessary=${String(out.UserConfirmationNecessary)}${out.UserConfirmationNecessary ? ' (the user is asked)' : ''}`
    case 'UpdateDeviceStatus':
      return `UpdateDeviceStatus ${short(input.DeviceKey)} -> ${String(input.DeviceRememberedStatus)}${input.DeviceRememberedStatus === 'remembered' ? ' (skips MFA from now on)' : ''}`
    case 'ForgetDevice':
      return `ForgetDevice ${short(input.DeviceKey)}: the expired key is gone from Cognito`
    case 'ListDevices':
      return `ListDevices: ${Array.isArray(out.Devices) ? out.Devices.length : 0} remembered`
    case 'RevokeToken':
      return 'RevokeToken: the refresh token is revoked'
    default:
      return describeAccountCall(operation, input, out) ?? operation
  }
}

/** Threat protection's context on a request (`UserContextData`), as the transcript shows it; empty when there is none. */
function contextOf(input: Json): string {
  const context = input.UserContextData as Json | undefined
  if (!context) return ''
  const parts = [
    ...(typeof context.EncodedData === 'string' ? [`EncodedData=${JSON.stringify(context.EncodedData)}`] : []),
    ...(typeof context.IpAddress === 'string' ? [`IpAddress=${context.IpAddress}`] : []),
  ]
  return `  [UserContextData ${parts.join(' ')}]`
}

/** `inner`, printing each call (and counting it in `counter`). */
export function logged(inner: CognitoTransport, clock: { now(): number }, counter: { calls: number }): CognitoTransport {
  return {
    async send(operation, input, target, options) {
      counter.calls++
      const started = Date.now()
      try {
        const out = await inner.send(operation, input, target, options)
        const what = describeCall(operation, input as Json, out as Json) + contextOf(input as Json)
        console.log(`  ${stamp(clock)}  call  ${what}  (${Date.now() - started} ms)`)
        return out
      } catch (error) {
        console.log(`  ${stamp(clock)}  call  ${operation} failed: ${(error as Error).message}`)
        throw error
      }
    },
  }
}

export function expectStep<S extends AuthView['step']>(
  view: AuthView,
  step: S,
  what: string,
): asserts view is Extract<AuthView, { step: S }> {
  if (view.step !== step) throw new Error(`${what}: expected the ${step} step, got ${describe(view)}`)
}

/** A tour's chapters: each starts a count of Cognito calls, and `calls` checks the count at its end. */
export function chapters(counter: { calls: number }) {
  return {
    chapter(title: string) {
      counter.calls = 0
      console.log(`\n== ${title}`)
    },
    calls(expected: number, what: string) {
      console.log(`  -> ${counter.calls} Cognito calls`)
      if (counter.calls !== expected) throw new Error(`${what}: expected ${expected} Cognito calls, made ${counter.calls}`)
    },
  }
}
