import type { AuthError } from './errors'
import type { DeviceStatus } from './device/DeviceRecord'
import type { AuthNotice, FirstFactor, ListedDevice, MfaType } from './machine/types'
import type { ChangePasswordInput, MfaPreference, PasskeyCommands, ProfileActivity, ProfileView } from './ProfileView'

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
  | 'checkingDevice'
  | 'forgettingExpiredDevice'
  | 'signingOut'
  | 'cancelling'
  | 'signingUp'
  | 'confirmingSignUp'
  | 'sendingCode'
  | 'requestingReset'
  | 'resettingPassword'

/** A task of a signed-in session under way. */
export type SignedInActivity =
  'refreshing' | 'expiringTrust' | 'rememberingDevice' | 'forgettingDevice' | 'listingDevices' | 'checkingSession'

/** The working steps that can fail on their own, with no user input: their failure is a `failed` view. */
export type FailedActivity = 'settingUpTotp' | 'verifyingTotp' | 'authenticatingDevice' | 'confirmingDevice' | 'forgettingExpiredDevice'

/** The steps that wait for the user's input; each shows the last answer's error in the step itself. */
export type InputStep =
  'mfaCode' | 'selectMfa' | 'totpSetup' | 'newPassword' | 'customChallenge' | 'rememberDevice' | 'selectChallenge' | 'passkey'

/** The steps of the account flows (sign-up, password reset), which take input and show their errors in place. */
export type AccountStep = 'signUp' | 'confirmSignUp' | 'forgotPassword' | 'resetPassword'

/** Every value of `view.step`. */
export type AuthStep = 'signedOut' | 'working' | 'failed' | InputStep | AccountStep | 'signedIn'

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
  /** The name to fill the sign-in form with: the failed sign-in's, or the confirmed or reset account's; else null. */
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

/**
 * Choice-based sign-in (`authFlow: 'USER_AUTH'`): the user chooses how to sign in, among the factors Cognito
 * offers. `selectChallenge({ challenge: 'PASSWORD_SRP', password })` (or `'PASSWORD'`) signs in with the password
 * in the same step; `'EMAIL_OTP'` and `'SMS_OTP'` have a code sent (the mfaCode step follows); `'WEB_AUTHN'` leads
 * to the passkey step.
 */
export interface SelectChallengeView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'selectChallenge'
  /** The factors offered (Cognito's `AvailableChallenges`), in Cognito's order. */
  options: FirstFactor[]
  /** The user being signed in. */
  username: string
}

/**
 * Sign in with a passkey: the app shows its prompt, and `usePasskey()` runs the ceremony (the browser's passkey
 * dialog) and sends its answer. A cancelled or timed-out ceremony is `error.code === 'PASSKEY_CANCELLED'` here
 * (retryable: `usePasskey()` again); `WEB_AUTHN_RELYING_PARTY_MISMATCH` and `PASSKEY_NOT_SUPPORTED` say the
 * passkey cannot be used on this page.
 */
export interface PasskeyView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'passkey'
  /** The user being signed in. */
  username: string
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
  /** A task of the session or a call of the account page under way, if any. */
  busy: SignedInActivity | ProfileActivity | null
  /** The account page (attributes, MFA settings, a code or an enrolment under way), once one of its commands ran. */
  profile: ProfileView | null
}

/** Where Cognito sent a code. */
export interface CodeDelivery {
  /** The masked e-mail address or phone number (`a***@e***`, `+*******1234`). */
  destination: string | null
  /** How the code travels. */
  medium: 'EMAIL' | 'SMS' | null
  /** The attribute the code went to (`email`, `phone_number`). */
  attribute: string | null
}

/**
 * A sign-up that failed (`error`: the name is taken, the password too weak, ...): the form again, with
 * the error in place. `signUp()` again, or `cancel()`. The form before the first attempt is the app's
 * own, shown while signedOut.
 */
export interface SignUpView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'signUp'
  /** The name the failed sign-up was for. */
  username: string
}

/**
 * The sign-up's code: `submitCode(code)`, `resendCode()` or `cancel()`. Confirmed, the user is signed in
 * with Cognito's session (no password), or signedOut with the notice `accountConfirmed` where that is not
 * possible. `error` is `LIMIT_EXCEEDED` when the account was created but no code could be sent yet.
 */
export interface ConfirmSignUpView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'confirmSignUp'
  /** The user being confirmed. */
  username: string
  /** Where the code went, when Cognito said. */
  delivery: CodeDelivery | null
}

/** A request for a reset code failed (`error`): `forgotPassword()` again, or `cancel()`. */
export interface ForgotPasswordView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'forgotPassword'
  /** The name the request was for. */
  username: string
}

/**
 * The reset code and the new password: `resetPassword({ code, password, signIn? })`, `resendCode()` or
 * `cancel()`. Done, signedOut with the notice `passwordReset`, or (with `signIn: true`) signing in.
 */
export interface ResetPasswordView extends ViewBase, WithError {
  /** Narrows the union. */
  step: 'resetPassword'
  /** The user whose password is reset. */
  username: string
  /** Where the code went, when Cognito said. */
  delivery: CodeDelivery | null
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
  | SelectChallengeView
  | PasskeyView
  | SignedInView
  | SignUpView
  | ConfirmSignUpView
  | ForgotPasswordView
  | ResetPasswordView

/**
 * The commands a UI calls: the same methods on the client and on each view. Each resolves with the next
 * view that is not `working` (errors of Cognito are in that view), and rejects with an {@link AuthError}
 * only when the current step does not take the command (`INVALID_STATE`; `ALREADY_SIGNED_IN` for a
 * `signIn` while signed in), changing nothing.
 */
export interface AuthCommands extends PasskeyCommands {
  /**
   * Starts sign-in (signedOut). With `authFlow: 'USER_AUTH'`, the password may be left out: `preferredChallenge`
   * starts that factor at once (a password alone means `PASSWORD_SRP`); with neither, the selectChallenge step
   * lists what Cognito offers.
   */
  signIn(input: { username: string; password?: string; preferredChallenge?: FirstFactor }): Promise<AuthView>
  /** Chooses the first factor (selectChallenge), with the password when it is one. */
  selectChallenge(input: { challenge: FirstFactor; password?: string }): Promise<AuthView>
  /** Runs the passkey ceremony and signs in with it (passkey). */
  usePasskey(): Promise<AuthView>
  /** Answers the mfaCode step. */
  submitCode(code: string): Promise<AuthView>
  /** Chooses an MFA method (selectMfa). */
  selectMfa(type: MfaType): Promise<AuthView>
  /** Confirms TOTP enrolment with the authenticator's first code (totpSetup, or signedIn after `setUpTotp()`). */
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
  /** Leaves a sign-in or an account flow under way (back to signedOut), or the account page's enrolment or code (signedIn). */
  cancel(): Promise<AuthView>
  /**
   * Signs a new user up (signedOut, or signUp after a failed attempt): SignUp, then the confirmSignUp
   * step. The password is sent once and never kept: confirmed, the user is signed in with Cognito's
   * session (USER_AUTH), then asked to remember the device as on every sign-in.
   */
  signUp(input: SignUpInput): Promise<AuthView>
  /** Opens the confirmSignUp step for a user who signed up earlier and has a code (signedOut); no code is sent. */
  confirmSignUp(input: { username: string }): Promise<AuthView>
  /** Sends the code again (confirmSignUp, resetPassword). */
  resendCode(): Promise<AuthView>
  /** Asks for a password reset code (signedOut, or forgotPassword after a failed request). */
  forgotPassword(input: { username: string }): Promise<AuthView>
  /**
   * Sets the new password with the code (resetPassword); `signIn: true` signs in with it at once;
   * `signOutOthers: true` also ends every other session of the user once signed in (GlobalSignOut,
   * then a sign-in again with the new password; signedIn with the notice `passwordChanged`).
   */
  resetPassword(input: { code: string; password: string; signIn?: boolean; signOutOthers?: boolean }): Promise<AuthView>
  /** Reads the user's attributes and MFA settings into `view.profile` (signedIn; GetUser). */
  loadProfile(): Promise<AuthView>
  /**
   * Changes attributes (signedIn; UpdateUserAttributes; an empty value deletes one). A changed e-mail or
   * phone number that the pool verifies is listed in `view.profile.verifying` with where its code went.
   */
  updateAttributes(attributes: Record<string, string>): Promise<AuthView>
  /** Sends a new code for `email` or `phone_number` (signedIn; GetUserAttributeVerificationCode). */
  sendAttributeCode(attribute: 'email' | 'phone_number'): Promise<AuthView>
  /** Verifies `email` or `phone_number` with its code (signedIn; VerifyUserAttribute). */
  verifyAttribute(input: { attribute: 'email' | 'phone_number'; code: string }): Promise<AuthView>
  /** Changes the password (signedIn; ChangePassword); with `signOutOthers`, GlobalSignOut, then a sign-in with the new password. */
  changePassword(input: ChangePasswordInput): Promise<AuthView>
  /** Starts enrolling an authenticator app (signedIn): the secret is in `view.profile.totp`; then `confirmTotpSetup(code)`. */
  setUpTotp(): Promise<AuthView>
  /** Turns MFA methods on or off and chooses the preferred one (signedIn; SetUserMFAPreference). */
  setMfaPreference(preference: MfaPreference): Promise<AuthView>
  /**
   * Deletes the user (signedIn; DeleteUser; it cannot be undone), then this pool's device record of the
   * user and the session: signedOut with the notice `accountDeleted`.
   */
  deleteUser(): Promise<AuthView>
}

/** What {@link AuthCommands.signUp} takes. */
export interface SignUpInput {
  /** The user name (or, in a pool that signs in by e-mail or phone, that value). */
  username: string
  /** The password. */
  password: string
  /** User attributes (`email`, `phone_number`, `custom:...`). */
  attributes?: Record<string, string>
  /** For the pre sign-up Lambda only; not stored. */
  validationData?: Record<string, string>
  /** For the Lambda triggers only. */
  clientMetadata?: Record<string, string>
}

/** A view with its commands: what `client.getView()` returns and `subscribe` sends. */
export type AuthView = AuthViewState & AuthCommands
