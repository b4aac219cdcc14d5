// The faults the model layer injects at a call, and which calls each one fits.
import { AuthError, fromCognitoError } from '../../src/index'

/** The kinds of fault the model layer injects. */
export type FaultKind = 'network' | 'internal' | 'throttling' | 'sessionExpired' | 'staleDevice'
export const FAULT_CODES: Record<FaultKind, string> = {
  network: 'NETWORK_ERROR',
  internal: 'INTERNAL_ERROR',
  throttling: 'TOO_MANY_REQUESTS',
  sessionExpired: 'SESSION_EXPIRED',
  staleDevice: 'STALE_DEVICE',
}

/** What a clean run learned about each call, to decide which faults apply where. */
export interface CallInfo {
  label: string
  hasSession: boolean
  hasDeviceKey: boolean
}

export function faultError(kind: FaultKind): AuthError {
  switch (kind) {
    case 'network':
      return new AuthError('NETWORK_ERROR', 'fetch failed (injected)')
    case 'internal':
      return fromCognitoError('InternalErrorException', 'Internal error (injected)', 500)
    case 'throttling':
      return fromCognitoError('TooManyRequestsException', 'Rate exceeded (injected)', 400)
    case 'sessionExpired':
      return fromCognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.', 400)
    case 'staleDevice':
      return fromCognitoError('ResourceNotFoundException', 'Device does not exist.', 400)
  }
}

/** Which faults fit a call: every call can fail on the network, 5xx or throttling; the rest where they mean something. */
export function faultsFor(call: CallInfo): FaultKind[] {
  const kinds: FaultKind[] = ['network', 'internal', 'throttling']
  if (call.hasSession) kinds.push('sessionExpired')
  if (call.hasDeviceKey) kinds.push('staleDevice')
  return kinds
}

export function callInfo(input: Record<string, unknown>, label: string): CallInfo {
  const nested = { ...(input.AuthParameters as object), ...(input.ChallengeResponses as object) } as Record<string, unknown>
  return {
    label,
    hasSession: typeof input.Session === 'string',
    hasDeviceKey: typeof input.DeviceKey === 'string' || typeof nested.DEVICE_KEY === 'string',
  }
}
