import { parseJson } from '../json'
import { fromBase64 } from '../srp/encoding'

/**
 * The payload of a JWT, decoded without verification (the client only reads its own tokens' claims,
 * such as `exp`, `username` and `device_key`; it makes no trust decision from them). Returns an empty
 * object for anything that is not a JWT.
 *
 * @param token - a compact JWS
 */
export function jwtClaims(token: string | undefined): Record<string, unknown> {
  const part = token?.split('.')[1] ?? ''
  let value: unknown
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/')
    value = parseJson(new TextDecoder().decode(fromBase64(base64 + '='.repeat(-base64.length & 3), 'JWT payload')))
  } catch {
    // not base64: no claims
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
