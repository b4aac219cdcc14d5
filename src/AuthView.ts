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

/** A background task of a signed-in session. */
export type SignedInActivity = 'refreshing' | 'expiringTrust' | 'rememberingDevice' | 'forgettingDevice' | 'listingDevices'

/** Fields every view has. */
interface ViewBase {
  /** Something to tell the user that is not an error (e.g. `staleDevice`: signed in as a new device). */
  notice: AuthNotice | null
}

/** Nobody is signed in; `error` says why, when a sign-in or session ended with one. */
export interface SignedOutView extends ViewBase {
  /** Narrows the union. */
  step: 'signedOut'
  /** Why the last attempt or session ended, if it failed. */
  error: AuthError | null
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

/** Cognito sent a one-time code (SMS, e-mail) or asks for the authenticator's code. */
export interface MfaCodeView extends ViewBase {
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
export interface SelectMfaView extends ViewBase {
  /** Narrows the union. */
  step: 'selectMfa'
  /** The methods offered. */
  options: MfaType[]
}

/** TOTP enrolment: show the secret (or the URI as a QR code) and ask for the first code. */
export interface TotpSetupView extends ViewBase {
  /** Narrows the union. */
  step: 'totpSetup'
  /** The base32 secret, for manual entry. */
  secret: string
  /** `otpauth://totp/...` for a QR code. */
  otpauthUri: string
}

/** The user must choose a new password (and fill required attributes). */
export interface NewPasswordView extends ViewBase {
  /** Narrows the union. */
  step: 'newPassword'
  /** Attributes Cognito requires, without the `userAttributes.` prefix. */
  requiredAttributes: string[]
  /** The user's current attributes, as Cognito sent them. */
  userAttributes: Record<string, string>
}

/** A custom (Lambda-defined) challenge. */
export interface CustomChallengeView extends ViewBase {
  /** Narrows the union. */
  step: 'customChallenge'
  /** The challenge's public parameters. */
  parameters: Record<string, string>
}

/** "Remember this device?": the answer goes to Cognito with UpdateDeviceStatus. */
export interface RememberDeviceView extends ViewBase {
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

/** Signed in. Tokens are in storage (`client.getTokens()`). */
export interface SignedInView extends ViewBase {
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
  /** A background task under way, if any. */
  busy: SignedInActivity | null
}

/** A step failed. `canRetry` says whether `retry()` goes back to the step; `cancel()` leaves. */
export interface ErrorView extends ViewBase {
  /** Narrows the union. */
  step: 'error'
  /** What went wrong. */
  error: AuthError
  /** True when `retry()` returns to the step that failed. */
  canRetry: boolean
  /** True when the error happened while signed in (cancel returns to signedIn). */
  signedIn: boolean
}

/** Everything a UI shows, narrowed by `step`. */
export type AuthViewState =
  | SignedOutView
  | WorkingView
  | MfaCodeView
  | SelectMfaView
  | TotpSetupView
  | NewPasswordView
  | CustomChallengeView
  | RememberDeviceView
  | SignedInView
  | ErrorView

/** The commands a UI calls; each sends one event (commands that do not fit the step are ignored). */
export interface AuthCommands {
  /** Starts sign-in. */
  signIn(input: { username: string; password?: string }): void
  /** Answers an MFA code step, or the first code of TOTP enrolment. */
  submitCode(code: string): void
  /** Chooses an MFA method. */
  selectMfa(type: MfaType): void
  /** Confirms TOTP enrolment with the authenticator's first code. */
  confirmTotpSetup(code: string): void
  /** Sets the new password (and required attributes). */
  submitNewPassword(input: { password: string; attributes?: Record<string, string> }): void
  /** Answers a custom challenge. */
  answerCustomChallenge(answer: string): void
  /** Answers "remember this device?" (also works while signed in). */
  rememberDevice(remember: boolean): void
  /** Signs out, locally (RevokeToken) or everywhere (GlobalSignOut). */
  signOut(options?: { global?: boolean }): void
  /** Forgets this device, or another device of the user. */
  forgetDevice(deviceKey?: string): void
  /** Lists the user's remembered devices into the signedIn view. */
  listDevices(): void
  /** Refreshes the tokens now. */
  refresh(): void
  /** Returns to the step that failed. */
  retry(): void
  /** Leaves the current step (back to signedOut, or signedIn after a signed-in error). */
  cancel(): void
}

/** A view with its commands: what `connect()` returns. */
export type AuthView = AuthViewState & AuthCommands
