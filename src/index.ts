/**
 * cognito-auth-machine: a headless sign-in client for Amazon Cognito user pools. This entry point is
 * the public API: the client, its views and commands, errors, storage and transports. The statechart
 * and its parts, for inspection and tests, are in `cognito-auth-machine/machine`.
 *
 * @packageDocumentation
 */
export {
  createAuthClient,
  DEFAULT_TIMEOUT_MS,
  type AuthClient,
  type AuthClientConfig,
  type AuthClock,
  type ContextData,
  type PersistedAuthSnapshot,
} from './createAuthClient'
export { AUTH_COMMANDS, type AuthCommandName } from './commands'
export type {
  AuthView,
  AuthViewState,
  AuthCommands,
  AuthStep,
  InputStep,
  SignedOutView,
  WorkingView,
  WorkingActivity,
  FailedView,
  FailedActivity,
  MfaCodeView,
  SelectMfaView,
  TotpSetupView,
  NewPasswordView,
  CustomChallengeView,
  RememberDeviceView,
  SelectChallengeView,
  PasskeyView,
  SignedInView,
  SignedInDevice,
  SignedInActivity,
  AccountStep,
  CodeDelivery,
  SignUpView,
  ConfirmSignUpView,
  ForgotPasswordView,
  ResetPasswordView,
  SignUpInput,
} from './AuthView'
export type {
  ChangePasswordInput,
  MfaChoice,
  MfaPreference,
  MfaSettings,
  Passkey,
  PasskeyCommands,
  ProfileActivity,
  ProfileNotice,
  ProfileView,
} from './ProfileView'
export {
  AuthError,
  fromCognitoError,
  type AuthErrorCode,
  type AuthErrorCause,
  type AuthErrorOptions,
  type SerializedAuthError,
} from './errors'
export type { AuthStorage, MaybePromise } from './storage/AuthStorage'
export { memoryStorage } from './storage/memoryStorage'
export { fetchTransport, type FetchTransportOptions } from './cognito/fetchTransport'
export { awsSdkTransport, type AwsSdkTransportOptions } from './cognito/awsSdkTransport'
export type { CreationOptionsJSON, CredentialJSON, RequestOptionsJSON, WebAuthnAdapter } from './webauthn/WebAuthnAdapter'
export type { CognitoTarget, CognitoTransport, SendOptions } from './cognito/CognitoTransport'
export type { RetryOptions } from './cognito/withRetry'
export type {
  CognitoOperations,
  CognitoOperation,
  CognitoInput,
  CognitoOutput,
  AuthChallengeResponse,
  AuthenticationResult,
  DeviceType,
  UserContextDataType,
  PublicCall,
  CodeDeliveryDetailsType,
  AttributeType,
  WebAuthnCredentialDescription,
} from './cognito/operations'
export type { TrustPolicy } from './device/trustPolicy'
export type { DeviceStatus } from './device/DeviceRecord'
export type { AuthTokens } from './machine/sessionStore'
export type { AuthFlow, AuthNotice, FirstFactor, ListedDevice, MfaType } from './machine/types'
