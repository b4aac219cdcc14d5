import type { CodeDelivery } from './AuthView'
import type { AuthError } from './errors'
import type { MfaType } from './machine/types'

/** What the account page is doing: the signed-in view's `busy` while one of its calls runs. */
export type ProfileActivity =
  | 'loadingProfile'
  | 'updatingAttributes'
  | 'sendingAttributeCode'
  | 'verifyingAttribute'
  | 'changingPassword'
  | 'settingUpTotp'
  | 'verifyingTotp'
  | 'updatingMfa'
  | 'deletingUser'
  | 'signingOutOthers'

/** What the account page's last call did, to tell the user. */
export type ProfileNotice = 'attributesUpdated' | 'codeSent' | 'attributeVerified' | 'passwordChanged' | 'totpEnabled' | 'mfaUpdated'

/** The user's MFA settings, as GetUser gives them. */
export interface MfaSettings {
  /** The methods turned on (UserMFASettingList). */
  enabled: MfaType[]
  /** The method Cognito asks for first, if one is preferred (PreferredMfaSetting). */
  preferred: MfaType | null
}

/** How `setMfaPreference` sets one MFA method. */
export type MfaChoice = 'preferred' | 'enabled' | 'disabled'

/** What `setMfaPreference` takes: a choice per method; a method left out stays as it is. */
export interface MfaPreference {
  /** SMS codes (SMS_MFA). */
  sms?: MfaChoice
  /** An authenticator app (SOFTWARE_TOKEN_MFA): enrol it first with `setUpTotp()`. */
  totp?: MfaChoice
  /** E-mail codes (EMAIL_OTP). */
  email?: MfaChoice
}

/** What `changePassword` takes. */
export interface ChangePasswordInput {
  /** The password now; leave it out only for a user who has none (passwordless sign-in). */
  currentPassword?: string
  /** The new password. */
  newPassword: string
  /**
   * Also end every other session of the user (GlobalSignOut). Cognito ends this one with them, so the
   * client signs in again at once with the new password: signedIn with the notice `passwordChanged` (a
   * remembered device skips MFA; otherwise the MFA step comes first).
   */
  signOutOthers?: boolean
}

/**
 * The account page's part of the signed-in view (`view.profile`), once one of its commands ran: the
 * attributes and MFA settings GetUser gave, the attributes waiting for a code, a TOTP enrolment under
 * way, and the last call's error or notice. Its error stays here, beside the form it belongs to: the
 * user corrects the input and calls the same command again (`error.retryable`: the same again may work).
 */
export interface ProfileView {
  /** The user's attributes by name (`email`, `email_verified`, `custom:...`), once loaded. */
  attributes: Record<string, string> | null
  /** The MFA settings, once loaded. */
  mfa: MfaSettings | null
  /** E-mail or phone numbers waiting for their code (`verifyAttribute`), with where each code went. */
  verifying: CodeDelivery[]
  /** A TOTP enrolment under way (`setUpTotp()`): the secret to show, then `confirmTotpSetup(code)`. */
  totp: { secret: string; otpauthUri: string } | null
  /** Why the last call failed, or null. */
  error: AuthError | null
  /** What the last call did, or null. */
  notice: ProfileNotice | null
}
