import type { AuthView, CodeDelivery } from './AuthView'
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
  | 'registeringPasskey'
  | 'listingPasskeys'
  | 'deletingPasskey'

/** What the account page's last call did, to tell the user. */
export type ProfileNotice =
  | 'attributesUpdated'
  | 'codeSent'
  | 'attributeVerified'
  | 'passwordChanged'
  | 'totpEnabled'
  | 'mfaUpdated'
  | 'passkeyRegistered'
  | 'passkeyDeleted'

/** One of the user's passkeys, as ListWebAuthnCredentials describes it. */
export interface Passkey {
  /** The credential id (base64url): what `deletePasskey(id)` takes. */
  id: string
  /** The name Cognito gave it (from the authenticator and the browser). */
  name: string
  /** `platform` (built into the device), `cross-platform` (a security key, a phone), or null when not said. */
  attachment: 'platform' | 'cross-platform' | null
  /** How the authenticator is reached (`internal`, `usb`, `nfc`, `ble`, `hybrid`). */
  transports: string[]
  /** When it was registered, epoch milliseconds (as the devices' dates), or null when not said. */
  createdAt: number | null
}

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
  /** The page of passkeys the last `listPasskeys()` (or register or delete, which read the first page again) read; null before. */
  passkeys: Passkey[] | null
  /** The token of the next page of passkeys (`listPasskeys({ nextToken })`), or null on the last page. */
  passkeysNextToken: string | null
}

/**
 * The account page's passkey commands (signedIn), part of every view's commands (`AuthCommands` extends it). Each
 * needs a pool with passkeys on (Essentials tier, a relying party id or domain); registering runs the WebAuthn
 * ceremony through the client's `webAuthn` adapter (the browser's by default, which needs a secure context: https,
 * or http://localhost).
 */
export interface PasskeyCommands {
  /**
   * Registers a passkey (StartWebAuthnRegistration, the ceremony, CompleteWebAuthnRegistration), then reads the first
   * page of passkeys again: notice `passkeyRegistered`. A dialog the user closes, or `cancel()` while it is open, is
   * `view.profile.error` `PASSKEY_CANCELLED`; an authenticator that holds one already, `PASSKEY_EXISTS`.
   */
  registerPasskey(): Promise<AuthView>
  /**
   * Reads a page of the user's passkeys into `view.profile.passkeys` (ListWebAuthnCredentials): `nextToken` (the
   * view's `passkeysNextToken`) for the next page; `pageSize` 1 to 20 (Cognito's default, 20, when left out), kept
   * for the lists read after a registration or a deletion.
   */
  listPasskeys(input?: { nextToken?: string; pageSize?: number }): Promise<AuthView>
  /** Deletes one of the user's passkeys by its id (DeleteWebAuthnCredential), then reads the first page again: notice `passkeyDeleted`. */
  deletePasskey(credentialId: string): Promise<AuthView>
}
