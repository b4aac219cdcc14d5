/**
 * The statechart behind `createAuthClient` and its parts, for inspection, visualisation and tests:
 * the machine, `connect` (snapshot to view), the actors and their inputs, the context and events, and
 * the device-record and trust helpers the actors use. Apps use the root entry point.
 *
 * @packageDocumentation
 */
export { authMachine, type AuthTag } from './authMachine'
export { connect, type AuthSnapshot } from '../connect'
export { COMMAND_EVENTS, type AccountEvent } from '../commands'
export type { ProfileEvent } from '../account/profileChart'
export { createAuthActors, type AuthActors } from './authActors'
export type { AuthDeps, ActorKit } from './AuthDeps'
export { clockRules, REFRESH_MARGIN_MS, AUTH_SESSION_MS } from './clockRules'
export { signedOutElsewhere, type StoredSession, type SessionStore } from './sessionStore'
export type {
  AuthAnswer,
  AuthContext,
  AuthEvent,
  AuthMachineInput,
  ExchangeInput,
  SessionInfo,
  SignedInTask,
  TaskInput,
  TaskResult,
} from './types'
export type { StartAuthInput, StartAuthOutput, RespondInput } from './authExchange'
export type { LoadDeviceOutput } from './loadDevice'
export type { ConfirmDeviceInput, ConfirmDeviceOutput, SetDeviceStatusInput } from './deviceExchange'
export type { ForgetDeviceOutput } from './deviceManagement'
export { preloadSignIn } from './authActors'
export type { RestoreSessionOutput } from './sessionExchange'
export { Concealed, conceal, reveal } from '../concealed'
export { COGNITO_ERROR_CODES, toAuthError, reviveAuthError, isSerializedAuthError } from '../errors'
export { withRetry } from '../cognito/withRetry'
export { defaultEndpoint } from '../cognito/CognitoTransport'
export { parseDeviceRecord, summarizeDevice, type DeviceRecord, type DeviceSummary, type ParsedDeviceRecord } from '../device/DeviceRecord'
export { deviceStore, storagePrefix, type DeviceStore, type DeviceScope, type FoundDevice } from '../device/deviceStore'
export { isTrustExpired, TRUST_MARGIN_MS, trustDeadline, withTrustDeadline } from '../device/trustPolicy'
export { updateTrustAttribute } from '../device/trustMap'
export { defaultDeviceName } from '../device/deviceName'
export { browserWebAuthn } from '../webauthn/browserWebAuthn'
