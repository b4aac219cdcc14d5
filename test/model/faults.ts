// The faults the model layer injects at a call, and which calls each one fits.
import { AuthError, fromCognitoError } from '../../src/index'

/**
 * The kinds of fault the model layer injects: Cognito's errors (and a dead network) at any call, and the
 * answers of a hostile or broken server: `silent` never answers, `loop` asks for device authentication
 * again, `oversized` sends a field larger than any real one, `wrongType` one of the wrong type.
 */
export type FaultKind =
  'network' | 'internal' | 'throttling' | 'sessionExpired' | 'staleDevice' | 'notAuthorized' | 'silent' | 'loop' | 'oversized' | 'wrongType'

/** The error code each kind must end in. */
export const FAULT_CODES: Record<FaultKind, string> = {
  network: 'NETWORK_ERROR',
  internal: 'INTERNAL_ERROR',
  throttling: 'TOO_MANY_REQUESTS',
  sessionExpired: 'SESSION_EXPIRED',
  staleDevice: 'STALE_DEVICE',
  notAuthorized: 'NOT_AUTHORIZED',
  silent: 'NETWORK_ERROR',
  loop: 'UNEXPECTED_RESPONSE',
  oversized: 'UNEXPECTED_RESPONSE',
  wrongType: 'UNEXPECTED_RESPONSE',
}

/** What a clean run learned about each call, to decide which faults apply where. */
export interface CallInfo {
  label: string
  hasSession: boolean
  hasDeviceKey: boolean
  hasAccessToken: boolean
  /** The client machine's state when the call was made (the fault set covers each state's calls). */
  state: string
}

/** The Cognito error a kind throws, or undefined for the kinds that shape an answer instead. */
export function faultError(kind: FaultKind): (() => Error) | undefined {
  switch (kind) {
    case 'network':
      return () => new AuthError('NETWORK_ERROR', 'fetch failed (injected)')
    case 'internal':
      return () => fromCognitoError('InternalErrorException', 'Internal error (injected)', 500)
    case 'throttling':
      return () => fromCognitoError('TooManyRequestsException', 'Rate exceeded (injected)', 400)
    case 'sessionExpired':
      return () => fromCognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.', 400)
    case 'staleDevice':
      return () => fromCognitoError('ResourceNotFoundException', 'Device does not exist.', 400)
    case 'notAuthorized':
      return () => fromCognitoError('NotAuthorizedException', 'Access Token has been revoked', 400)
    default:
      return undefined
  }
}

/**
 * Calls whose answer the client reads field by field (the damaged-answer faults fit only these): the
 * sign-in's, the account calls that answer with a code delivery or a session (ConfirmForgotPassword
 * answers nothing the client reads), and the account page's that answer with the user or a code delivery
 * (ChangePassword, VerifyUserAttribute, SetUserMFAPreference, GlobalSignOut and DeleteUser answer nothing).
 */
const READ_ANSWERS =
  /^(InitiateAuth|RespondToAuthChallenge|AssociateSoftwareToken|VerifySoftwareToken|ListDevices|SignUp$|ConfirmSignUp$|ResendConfirmationCode$|ForgotPassword$|GetUser$|UpdateUserAttributes$|GetUserAttributeVerificationCode$)/
/**
 * ConfirmDevice's answer is one boolean, GetDevice's one attribute looked up by name: either can have
 * the wrong type, but no size of theirs is kept or shown.
 */
const TYPED_ONLY = /^(ConfirmDevice|GetDevice)$/

/** Which faults fit a call: every call can fail on the network, 5xx, throttling or silence; the rest where they mean something. */
export function faultsFor(call: CallInfo): FaultKind[] {
  const kinds: FaultKind[] = ['network', 'internal', 'throttling', 'silent']
  if (call.hasSession) kinds.push('sessionExpired')
  if (call.hasDeviceKey) kinds.push('staleDevice')
  if (call.hasAccessToken) kinds.push('notAuthorized')
  if (READ_ANSWERS.test(call.label)) kinds.push('oversized', 'wrongType')
  if (TYPED_ONLY.test(call.label)) kinds.push('wrongType')
  if (/DEVICE_(SRP_AUTH|PASSWORD_VERIFIER)$/.test(call.label)) kinds.push('loop')
  return kinds
}

export function callInfo(input: Record<string, unknown>, label: string, state: string): CallInfo {
  const nested = { ...(input.AuthParameters as object), ...(input.ChallengeResponses as object) } as Record<string, unknown>
  return {
    label,
    state,
    hasSession: typeof input.Session === 'string',
    hasDeviceKey: typeof input.DeviceKey === 'string' || typeof nested.DEVICE_KEY === 'string',
    hasAccessToken: typeof input.AccessToken === 'string',
  }
}
