import type { SrpVerifier } from '../../srp/server'
import type { ContextData } from '../events'

/** MFA methods as Cognito names them in challenges. @internal */
export type MfaName = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP'

/** A first factor a pool may allow (`AllowedFirstAuthFactors`). @internal */
export type FirstAuthFactor = 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN'

/** One attribute of a pool's schema. @internal */
export interface AttributeSchema {
  /** Full name, `custom:` prefix included. */
  name: string
  type: 'String' | 'Number' | 'DateTime' | 'Boolean'
  mutable: boolean
  required: boolean
  maxLength: number
  /** The SchemaAttributeType as DescribeUserPool returns it. */
  raw: Record<string, unknown>
}

/** A user pool and everything in it. @internal */
export interface UserPool {
  id: string
  name: string
  arn: string
  createdAt: number
  modifiedAt: number
  passwordPolicy: {
    MinimumLength: number
    RequireUppercase: boolean
    RequireLowercase: boolean
    RequireNumbers: boolean
    RequireSymbols: boolean
    TemporaryPasswordValidityDays: number
  }
  mfa: 'OFF' | 'ON' | 'OPTIONAL'
  /** `Policies.SignInPolicy.AllowedFirstAuthFactors`: the first factors USER_AUTH may offer (`PASSWORD` always among them). */
  firstAuthFactors: FirstAuthFactor[]
  mfaMethods: { sms: boolean; totp: boolean; email: boolean }
  /** SetUserPoolMfaConfig's `WebAuthnConfiguration`: passkeys need a relying party id (none until set). */
  webAuthn: WebAuthnSettings
  /** DeviceConfiguration; `null` when device tracking is off. */
  device: { ChallengeRequiredOnNewDevice: boolean; DeviceOnlyRememberedOnUserPrompt: boolean } | null
  schema: Map<string, AttributeSchema>
  usernameAttributes: string[]
  aliasAttributes: string[]
  autoVerifiedAttributes: string[]
  caseSensitive: boolean
  /** Other CreateUserPool/UpdateUserPool members, echoed by DescribeUserPool. */
  extra: Record<string, unknown>
  clients: Map<string, AppClient>
  /** Users by (normalised) user name. */
  users: Map<string, User>
  /** Groups by name. */
  groups: Map<string, Group>
}

/** A group of a pool. @internal */
export interface Group {
  name: string
  description: string | undefined
  precedence: number | undefined
  createdAt: number
}

/** An app client. @internal */
export interface AppClient {
  id: string
  poolId: string
  name: string
  secret: string | undefined
  authFlows: Set<string>
  /** Minutes. */
  authSessionValidity: number
  preventUserExistenceErrors: 'ENABLED' | 'LEGACY'
  enableTokenRevocation: boolean
  accessTokenSeconds: number
  idTokenSeconds: number
  refreshTokenSeconds: number
  readAttributes: string[] | undefined
  writeAttributes: string[] | undefined
  createdAt: number
  modifiedAt: number
  /** The request members, echoed by DescribeUserPoolClient. */
  extra: Record<string, unknown>
}

/** A tracked device. @internal */
export interface Device {
  key: string
  groupKey: string
  confirmed: boolean
  verifier: SrpVerifier | undefined
  status: 'remembered' | 'not_remembered'
  name: string | undefined
  createdAt: number
  modifiedAt: number
  lastAuthenticatedAt: number | undefined
  lastIp: string | undefined
  sdk: string
}

/** A user. @internal */
export interface User {
  username: string
  sub: string
  attributes: Map<string, string>
  password: string
  /** When the password was set (temporary passwords expire after the pool's TemporaryPasswordValidityDays). */
  passwordSetAt: number
  status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED' | 'UNCONFIRMED'
  enabled: boolean
  createdAt: number
  modifiedAt: number
  /** Cached SRP verifier for `password`. */
  verifier: { password: string; value: Promise<SrpVerifier> } | undefined
  mfa: {
    sms: boolean
    email: boolean
    totp: boolean
    preferred: MfaName | undefined
    totpSecret: string | undefined
    pendingTotpSecret: string | undefined
    /** The last TOTP step accepted (for `rejectReusedTotp`). */
    lastTotpStep?: number
  }
  devices: Map<string, Device>
  deviceGroupKey: string
  /** Names of the groups the user is in. */
  groups: Set<string>
  /** How many sign-ins ended in tokens (an auto sign-in session is good only before the first). */
  signIns?: number
  /** The user's passkeys (CompleteWebAuthnRegistration), oldest first; absent until the first. */
  passkeys?: Passkey[]
  /** The challenge of the latest StartWebAuthnRegistration, until CompleteWebAuthnRegistration uses it or it expires. */
  passkeyChallenge?: { challenge: string; clientId: string; expiresAt: number }
}

/** A pool's passkey settings (`WebAuthnConfiguration`). @internal */
export interface WebAuthnSettings {
  /** `RelyingPartyId`; without it the passkey operations are `WebAuthnConfigurationMissingException`. */
  relyingPartyId: string | undefined
  /** `UserVerification`: whether the authenticator must verify the user (`required`) or may skip it (`preferred`, the default). */
  userVerification: 'required' | 'preferred'
  /** `FactorConfiguration`, echoed (`SINGLE_FACTOR` or `MULTI_FACTOR_WITH_USER_VERIFICATION`); passkeys here are a first factor only. */
  factorConfiguration: string | undefined
}

/** A passkey registered by a user. @internal */
export interface Passkey {
  /** The credential id, base64url. */
  id: string
  /** The COSE public key. */
  publicKey: Uint8Array
  /** The signature counter last seen (0 for authenticators that keep none). */
  counter: number
  transports: string[]
  attachment: 'platform' | 'cross-platform' | undefined
  /** The relying party id it was registered for. */
  relyingPartyId: string
  /** `FriendlyCredentialName`, made up at registration (the attachment and the date). */
  name: string
  createdAt: number
}

/** Where a sign-in stands, carried from session to session. @internal */
export interface SignInProgress {
  poolId: string
  clientId: string
  username: string
  admin: boolean
  /**
   * 'SRP' | 'PASSWORD' | 'CUSTOM'; 'OTP' for a USER_AUTH sign-in with an e-mailed or texted code; 'WEB_AUTHN' for one
   * with a passkey; 'SIGN_UP_CODE' for an auto sign-in (the confirmation code was the first factor).
   */
  primary: 'SRP' | 'PASSWORD' | 'CUSTOM' | 'OTP' | 'SIGN_UP_CODE' | 'WEB_AUTHN'
  deviceKey: string | undefined
  /**
   * Set on a USER_AUTH path whose DEVICE_KEY the `devices.userAuthIgnoresKeyOn` option says the service ignores:
   * every DEVICE_KEY of the sign-in is then disregarded, and its tokens come with new NewDeviceMetadata.
   */
  deviceKeyIgnored?: boolean
  newPasswordDone: boolean
  mfaDone: boolean
  deviceDone: boolean
  authTime: number
  customHistory: { challengeName: string; challengeResult: boolean; challengeMetadata: string | undefined }[]
  /** The sign-in's auth event (see events.ts). */
  eventId?: string
  /** The `risk` option's answer, once asked. */
  risk?: 'low' | 'high'
  /** The latest `UserContextData` of the sign-in. */
  contextData?: ContextData
}

/** A live authentication session. @internal */
export interface AuthSession {
  id: string
  expiresAt: number
  used: boolean
  wrongAnswers: number
  /** The ChallengeName the next answer must carry (or an MFA_SETUP sub-step). */
  expects: string
  progress: SignInProgress
  /** Step data: SRP ephemeral, the code sent, custom private parameters… */
  data: Record<string, unknown>
}

/** A refresh token and what it grants. @internal */
export interface RefreshGrant {
  poolId: string
  clientId: string
  username: string
  originJti: string
  deviceKey: string | undefined
  expiresAt: number
  authTime: number
}
