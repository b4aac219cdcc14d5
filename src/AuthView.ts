import type { AuthError } from './errors'
import type { DeviceStatus } from './device/DeviceRecord'
import type { AuthNotice, ListedDevice, MfaType } from './machine/types'

/** What a `working` view is doing. */
export type WorkingActivity =
  | 'restoring'
  | 'signingIn'
  | 'answeringChallenge'
  | 'settingUpTotp'
  | 'verifyingTotp'
  | 'authenticatingDevice'
  | 'confirmingDevice'
  | 'updatingDevice'
  | 'forgettingExpiredDevice'
  | 'signingOut'
  | 'cancelling'

/** A task of a signed-in session under way. */
export type SignedInActivity =
  'refreshing' | 'expiringTrust' | 'rememberingDevice' | 'forgettingDevice' | 'listingDevices' | 'checkingSession'

/** The working steps that can fail on their own, with no user input: their failure is a `failed` view. */
export type FailedActivity = 'settingUpTotp' | 'verifyingTotp' | 'authenticatingDevice' | 'confirmingDevice' | 'forgettingExpiredDevice'

/** The steps that wait for the user's input; each shows the last answer's error in the step itself. */
export type InputStep = 'mfaCode' | 'selectMfa' | 'totpSetup' | 'newPassword' | 'customChallenge' | 'rememberDevice'

/** Every value of `view.step`. */
export type AuthStep = 'signedOut' | 'working' | 'failed' | InputStep | 'signedIn'

/** Fields every view has. */
interface ViewBase {
  /** Something to tell the user that is not an error (e.g. `staleDevice`: signed in as a new device). */
  notice: AuthNotice | null
}

/** A step that shows the error of the last answer (or call) in place; the user answers again in the same form. */
interface WithError {
  /**
   * Why the last answer or call failed, or null. `error.retryable` says whether doing the same again may
   * succeed; in a step that takes input, that means answering again.
   */
  error: AuthError | null
}

/**
 * Nobody is signed in; `error` says why, when a sign-in or session ended with one (`TOO_MANY_ATTEMPTS`,
 * `SESSION_EXPIRED`: the user signs in again). `retry()` is not taken here: the password is gone.
 */
export interface SignedOutView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'signedOut'
  /** The name the failed sign-in was for (to fill the form again), or null. */
  username: string | null
}

/** A call to Cognito (or storage) is under way; no input is expected. */
export interface WorkingView extends ViewBase {
  /** Narrows the union. */
  step: 'working'
  /** What is being done. */
  doing: WorkingActivity
  /** The user being signed in, if known. */
  username: string | null
}

/**
 * A call with no user input failed (set up TOTP, authenticate the device, confirm the device, forget an
 * expired device). `retry()` runs it again when `error.retryable`; `cancel()` leaves the sign-in.
 */
export interface FailedView extends ViewBase {
  /** Narrows the union. */
  step: 'failed'
  /** What failed. */
  doing: FailedActivity
  /** Why. */
  error: AuthError
  /** The user being signed in. */
  username: string | null
}

/** Cognito sent a one-time code (SMS, e-mail) or asks for the authenticator's code. */
export interface MfaCodeView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'mfaCode'
  /** Where the code comes from. */
  channel: 'SMS' | 'TOTP' | 'EMAIL'
  /** The masked destination (`+*******1234`, `a***@e***`), when Cognito gives one. */
  destination: string | null
  /** The user being signed in. */
  username: string
}

/** The user chooses an MFA method. */
export interface SelectMfaView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'selectMfa'
  /** The methods offered. */
  options: MfaType[]
}

/** TOTP enrolment: show the secret (or the URI as a QR code) and ask for the first code. */
export interface TotpSetupView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'totpSetup'
  /** The base32 secret, for manual entry. */
  secret: string
  /** `otpauth://totp/...` for a QR code. */
  otpauthUri: string
}

/** The user must choose a new password (and fill required attributes). */
export interface NewPasswordView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'newPassword'
  /** Attributes Cognito requires, without the `userAttributes.` prefix. */
  requiredAttributes: string[]
  /** The user's current attributes, as Cognito sent them. */
  userAttributes: Record<string, string>
}

/** A custom (Lambda-defined) challenge. */
export interface CustomChallengeView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'customChallenge'
  /** The challenge's public parameters. */
  parameters: Record<string, string>
}

/** "Remember this device?": the answer goes to Cognito with UpdateDeviceStatus. */
export interface RememberDeviceView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'rememberDevice'
  /** The device in question. */
  deviceKey: string
  /** `newDevice` (just confirmed) or `reasked` (MFA came up again for a known device, e.g. after trust expiry). */
  reason: 'newDevice' | 'reasked'
  /** How many days a yes trusts the device, when a policy is set. */
  trustDays: number | null
}

/** The device a signed-in session uses (its record without the secret). */
export interface SignedInDevice {
  /** The user the record belongs to (`USER_ID_FOR_SRP`). */
  userId: string
  /** The device key. */
  deviceKey: string
  /** When ConfirmDevice succeeded, epoch milliseconds. */
  confirmedAt: number
  /** Remembered (skips MFA) or not. */
  status: DeviceStatus
  /** Until when it is trusted, epoch milliseconds; null when not trusted or no policy. */
  trustedUntil: number | null
}

/**
 * Signed in. Tokens are in storage (`client.getTokens()`). A task that failed (refresh, list, forget,
 * remember) shows its `error` here; `retry()` runs it again when `error.retryable`.
 */
export interface SignedInView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'signedIn'
  /** What the user typed to sign in. */
  username: string
  /** The user's internal name. */
  userId: string
  /** When the access token expires, epoch milliseconds. */
  expiresAt: number
  /** This client's device, if it has one. */
  device: SignedInDevice | null
  /** The last `listDevices()` result. */
  devices: ListedDevice[] | null
  /** A task under way, if any. */
  busy: SignedInActivity | null
}

/** Everything a UI shows, narrowed by `step`. */
export type AuthViewState =
  | SignedOutView
  | WorkingView
  | FailedView
  | MfaCodeView
  | SelectMfaView
  | TotpSetupView
  | NewPasswordView
  | CustomChallengeView
  | RememberDeviceView
  | SignedInView

/**
 * The commands a UI calls: the same methods on the client and on each view. Each resolves with the next
 * view that is not `working` (errors of Cognito are in that view), and rejects with an {@link AuthError}
 * only when the current step does not take the command (`INVALID_STATE`; `ALREADY_SIGNED_IN` for a
 * `signIn` while signed in), changing nothing.
 */
export interface AuthCommands {
  /** Starts sign-in (signedOut). */
  signIn(input: { username: string; password?: string }): Promise<AuthView>
  /** Answers the mfaCode step. */
  submitCode(code: string): Promise<AuthView>
  /** Chooses an MFA method (selectMfa). */
  selectMfa(type: MfaType): Promise<AuthView>
  /** Confirms TOTP enrolment with the authenticator's first code (totpSetup). */
  confirmTotpSetup(code: string): Promise<AuthView>
  /** Sets the new password and required attributes (newPassword). */
  submitNewPassword(input: { password: string; attributes?: Record<string, string> }): Promise<AuthView>
  /** Answers a custom challenge (customChallenge). */
  answerCustomChallenge(answer: string): Promise<AuthView>
  /** Answers "remember this device?" (rememberDevice), or changes it while signed in. */
  rememberDevice(remember: boolean): Promise<AuthView>
  /** Signs out, locally (RevokeToken) or everywhere (GlobalSignOut). */
  signOut(options?: { global?: boolean }): Promise<AuthView>
  /** Forgets this device, or another device of the user (signedIn). */
  forgetDevice(deviceKey?: string): Promise<AuthView>
  /** Lists the user's remembered devices into `view.devices` (signedIn). */
  listDevices(): Promise<AuthView>
  /** Refreshes the tokens now (signedIn). */
  refresh(): Promise<AuthView>
  /** Runs the failed call again (`failed`, or `signedIn` with an error), when `error.retryable`. */
  retry(): Promise<AuthView>
  /** Leaves a sign-in under way (back to signedOut). */
  cancel(): Promise<AuthView>
}

/** A view with its commands: what `client.getView()` returns and `subscribe` sends. */
export type AuthView = AuthViewState & AuthCommands
