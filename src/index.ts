/**
 * cognito-auth-machine: a headless sign-in state machine for Amazon Cognito user pools.
 *
 * @packageDocumentation
 */
export type { AuthStorage, MaybePromise } from './storage/AuthStorage'
export { memoryStorage } from './storage/memoryStorage'

export { createAuthClient, type AuthClient, type AuthClientConfig, type AuthClock, type PersistedAuthSnapshot } from './createAuthClient'
export { connect, commands, type AuthSnapshot } from './connect'
export type {
  AuthView,
  AuthViewState,
  AuthCommands,
  SignedOutView,
  WorkingView,
  WorkingActivity,
  MfaCodeView,
  SelectMfaView,
  TotpSetupView,
  NewPasswordView,
  CustomChallengeView,
  RememberDeviceView,
  SignedInView,
  SignedInDevice,
  SignedInActivity,
  ErrorView,
} from './AuthView'
export {
  AuthError,
  COGNITO_ERROR_CODES,
  fromCognitoError,
  toAuthError,
  reviveAuthError,
  isSerializedAuthError,
  type AuthErrorCode,
  type AuthErrorCause,
  type AuthErrorOptions,
  type SerializedAuthError,
} from './errors'
export { Concealed, conceal, reveal } from './concealed'
export { authMachine } from './machine/authMachine'
export { createAuthActors, type AuthActors } from './machine/authActors'
export type { AuthDeps } from './machine/AuthDeps'
export { clockRules, REFRESH_MARGIN_MS } from './machine/clockRules'
export type { AuthTokens, StoredSession } from './machine/sessionStore'
export type {
  AuthAnswer,
  AuthContext,
  AuthEvent,
  AuthFlow,
  AuthMachineInput,
  AuthNotice,
  ExchangeInput,
  ListedDevice,
  MfaType,
  RetryTarget,
  SessionInfo,
} from './machine/types'
export type { StartAuthInput, StartAuthOutput, LoadDeviceOutput, RespondInput } from './machine/authExchange'
export type { ConfirmDeviceInput, ConfirmDeviceOutput, SetDeviceStatusInput } from './machine/deviceExchange'
export type { ForgetDeviceOutput } from './machine/deviceManagement'
export type { RestoreSessionOutput } from './machine/sessionExchange'
export { fetchTransport, type FetchTransportOptions } from './cognito/fetchTransport'
export { awsSdkTransport, type AwsSdkTransportOptions } from './cognito/awsSdkTransport'
export { defaultEndpoint, type CognitoTarget, type CognitoTransport } from './cognito/CognitoTransport'
export { withRetry, type RetryOptions } from './cognito/withRetry'
export type {
  CognitoOperations,
  CognitoOperation,
  CognitoInput,
  CognitoOutput,
  AuthChallengeResponse,
  AuthenticationResult,
  DeviceType,
} from './cognito/operations'
export {
  parseDeviceRecord,
  summarizeDevice,
  type DeviceRecord,
  type DeviceSummary,
  type DeviceStatus,
  type ParsedDeviceRecord,
} from './device/DeviceRecord'
export { deviceStore, storagePrefix, type DeviceStore, type DeviceScope, type FoundDevice } from './device/deviceStore'
export { isTrustExpired, isTrusted, trustedUntilFrom, type TrustPolicy } from './device/trustPolicy'
export { updateTrustAttribute } from './device/trustMap'
export { defaultDeviceName } from './device/deviceName'
