import type { Concealed } from '../concealed'
import type { DeviceSummary } from '../device/DeviceRecord'
import type { SerializedAuthError } from '../errors'

/**
 * The InitiateAuth flow used to start sign-in. `USER_AUTH` is choice-based sign-in: the user signs in with
 * a password (plain or SRP), a one-time code by e-mail or SMS, or a passkey ({@link FirstFactor}).
 */
export type AuthFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_AUTH' | 'USER_AUTH'

/**
 * A first factor of choice-based sign-in (`USER_AUTH`): the password in the clear or by SRP, a one-time code
 * sent by e-mail or SMS, or a passkey.
 */
export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN'

/** An MFA method Cognito can ask for or offer. */
export type MfaType = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP'

/** What a signed-in session is, without its tokens (those live in storage). */
export interface SessionInfo {
  /** What the user typed to sign in. */
  username: string
  /** The user's internal name (`USER_ID_FOR_SRP`, the access token's `username`). */
  userId: string
  /** When the access and ID tokens expire, epoch milliseconds. */
  expiresAt: number
  /** When they were issued (by the client's clock), epoch milliseconds. */
  issuedAt: number
  /** The device key the tokens are bound to, if any. */
  deviceKey: string | null
}

/** A device of the signed-in user, as ListDevices describes it. */
export interface ListedDevice {
  /** The device key. */
  deviceKey: string
  /** `device_name`, if set. */
  name: string | null
  /** `dev:device_remembered_status`, if reported. */
  status: 'remembered' | 'not_remembered' | null
  /** Last sign-in with this device, epoch milliseconds. */
  lastAuthenticatedAt: number | null
  /** Creation time, epoch milliseconds. */
  createdAt: number | null
  /** True for the device this client uses. */
  current: boolean
}

/** What Cognito answered to one step of sign-in, with the tokens already stored. */
export type AuthAnswer =
  | {
      kind: 'challenge'
      /** `ChallengeName`. */
      name: string
      /** The session for the answer. */
      session: string | null
      /** `ChallengeParameters`. */
      parameters: Record<string, string>
      /** When the answer came, by the client's clock (the session's life counts from here). */
      at: number
      /** `USER_ID_FOR_SRP`, when the step revealed it. */
      userId?: string
      /** `AvailableChallenges` (SELECT_CHALLENGE): the first factors the user may choose. */
      available?: string[]
      /** True when the presented device was unknown to Cognito and sign-in continued as a new device. */
      staleDevice?: boolean
    }
  | {
      kind: 'authenticated'
      /** The new session (tokens are in storage). */
      session: SessionInfo
      /** `NewDeviceMetadata`, when Cognito issued a new device. */
      newDevice: { deviceKey: string; deviceGroupKey: string } | null
      /** True when the presented device was unknown to Cognito and sign-in continued as a new device. */
      staleDevice?: boolean
      /**
       * The presented device, now not remembered, when Cognito's clock (the tokens' `iat`) says its trust
       * period is over although this device's clock did not: it is not offered to remember again, and the
       * next sign-in starts a new period with a new key.
       */
      trustEnded?: DeviceSummary
    }

/** Something the user should know that is not an error. */
export type AuthNotice =
  | 'staleDevice'
  | 'deviceRecordDropped'
  | 'trustExpired'
  | 'signedOut'
  | 'deviceForgotten'
  | 'accountConfirmed'
  | 'passwordReset'
  | 'passwordChanged'
  | 'accountDeleted'

/** A task of a signed-in session, kept so that `retry()` can run it again after it failed. */
export type SignedInTask =
  | { kind: 'refreshing' }
  | { kind: 'expiringTrust' }
  | { kind: 'rememberingDevice'; remember: boolean }
  | { kind: 'forgettingDevice'; deviceKey: string | null }
  | { kind: 'listingDevices' }

/** Input of the `signedInTask` actor: the task and what it acts on. */
export interface TaskInput {
  /** The task. */
  task: SignedInTask | null
  /** The signed-in session. */
  session: SessionInfo | null
  /** This client's device. */
  device: DeviceSummary | null
  /** The last device list. */
  devices: ListedDevice[] | null
}

/** What a signed-in task changes in the context. */
export interface TaskResult {
  /** The session, refreshed. */
  signedIn?: SessionInfo
  /** This client's device, changed or forgotten (null). */
  device?: DeviceSummary | null
  /** The device list, listed or with a device forgotten. */
  devices?: ListedDevice[] | null
  /** What to tell the user. */
  notice?: AuthNotice
}

/** The machine's context: serialisable, and never holding a password, a device secret or a token. */
export interface AuthContext {
  /** What the user typed. */
  username: string | null
  /** `USER_ID_FOR_SRP` once known. */
  userId: string | null
  /** The `USERNAME` to send in challenge responses. */
  challengeUsername: string | null
  /** Cognito's auth session of the current step. */
  session: string | null
  /** When that session was issued, by the client's clock (it lives for the app client's AuthSessionValidity). */
  sessionAt: number | null
  /** Wrong answers given in that session (Cognito ends a session after a few). */
  wrongAnswers: number
  /** The challenge being answered (with `AvailableChallenges` for SELECT_CHALLENGE). */
  challenge: { name: string; parameters: Record<string, string>; available?: string[] | undefined } | null
  /** The local device presented at this sign-in (or used by this session). */
  device: DeviceSummary | null
  /** True once DEVICE_SRP_AUTH was answered in this sign-in: Cognito may ask for it once. */
  deviceAuthDone: boolean
  /**
   * A device to forget after sign-in: its trust had expired when sign-in started (not presented), or Cognito
   * issued a new key although it was presented.
   */
  expiredDevice: { userId: string; deviceKey: string } | null
  /** True once an MFA challenge came up in this sign-in. */
  mfaAsked: boolean
  /**
   * True while a choice-based sign-in goes on without a password (a one-time code or a passkey as the first
   * factor): its code challenge is that factor, not MFA (Cognito gives such sign-ins no MFA).
   */
  passwordless: boolean
  /** Cognito's NewDeviceMetadata, until the device is confirmed. */
  newDevice: { deviceKey: string; deviceGroupKey: string } | null
  /** Why the remember prompt is shown. */
  rememberReason: 'newDevice' | 'reasked' | null
  /** The TOTP secret being enrolled (MFA_SETUP): shown to the user, and dropped once VerifySoftwareToken succeeds. */
  totp: { secretCode: string } | null
  /** The signed-in session. */
  signedIn: SessionInfo | null
  /** The last device list. */
  devices: ListedDevice[] | null
  /** The signed-in task under way or last failed (what `retry()` runs again). */
  task: SignedInTask | null
  /** The error shown in the current step. */
  error: SerializedAuthError | null
  /** A notice for the view. */
  notice: AuthNotice | null
  /** The authFlow this machine starts sign-in with. */
  authFlow: AuthFlow
  /** True while a sign-in started from a confirmed sign-up's session (USER_AUTH) is under way. */
  autoSignIn: boolean
}

/** The machine's input. */
export interface AuthMachineInput {
  /** InitiateAuth flow; default `USER_SRP_AUTH`. */
  authFlow?: AuthFlow
}

/** Every event the machine accepts; the client's commands send the first fifteen. */
export type AuthEvent =
  | { type: 'SIGN_IN'; username: string; password?: Concealed | undefined; preferred?: FirstFactor | undefined }
  /** The user's first factor (SELECT_CHALLENGE), with the password when it is one. */
  | { type: 'SELECT_CHALLENGE'; challenge: FirstFactor; password?: Concealed | undefined }
  /** Runs the passkey ceremony and answers the WEB_AUTHN challenge with its credential. */
  | { type: 'USE_PASSKEY' }
  | { type: 'SUBMIT_CODE'; code: string }
  | { type: 'CONFIRM_TOTP'; code: string }
  | { type: 'SELECT_MFA'; mfaType: MfaType }
  | { type: 'SUBMIT_NEW_PASSWORD'; password?: Concealed | undefined; attributes?: Record<string, string> | undefined }
  | { type: 'ANSWER'; answer: string }
  | { type: 'REMEMBER_DEVICE'; remember: boolean }
  | { type: 'SIGN_OUT'; global?: boolean }
  | { type: 'FORGET_DEVICE'; deviceKey?: string }
  | { type: 'LIST_DEVICES' }
  | { type: 'REFRESH' }
  | { type: 'RETRY' }
  | { type: 'CANCEL' }
  /** Re-checks what depends on time (token refresh, trust deadline): `getTokens()` sends it. */
  | { type: 'CHECK' }
  /** The stored session changed (another tab, window or process): signed in, re-read it; signed out, restore. */
  | { type: 'STORAGE_CHANGED' }
  /** Sent once after a persisted snapshot is restored: a waiting step whose auth session expired ends. */
  | { type: 'RESUME' }
  /** Sign in with the session of a confirmed sign-up (USER_AUTH): the account flow sends it, with no password. */
  | { type: 'SIGN_IN_WITH_SESSION'; username: string; session: string }
  /** An account flow (sign-up, password reset) ended signed out: the name to fill in, and what to tell the user. */
  | { type: 'ACCOUNT_DONE'; username: string | null; notice: AuthNotice | null }
  /** The account page ended the session (the user deleted): clear it. */
  | { type: 'ACCOUNT_ENDED'; notice: 'accountDeleted' }
  /** A call of the account page found the session over (revoked, expired, gone from storage): leave it. */
  | { type: 'SESSION_LOST'; error: SerializedAuthError }
  /** The account page signed every session out after a password change: sign in again with the new one. */
  | { type: 'SIGN_IN_AGAIN'; username: string; password: Concealed | undefined; userId: string }

/** The input every sign-in exchange actor receives. */
export interface ExchangeInput {
  /** What the user typed. */
  username: string
  /** `USER_ID_FOR_SRP`, once known. */
  userId: string | null
  /** `USERNAME` for challenge responses. */
  challengeUsername: string | null
  /** The session to answer in. */
  session: string | null
  /** The device key presented at this sign-in. */
  deviceKey: string | null
}
