import { isObject } from '../json'

/**
 * The payload of a JWT, decoded without verification (the client only reads its own tokens' claims,
 * such as `exp`, `username` and `device_key`; it makes no trust decision from them). Returns an empty
 * object for anything that is not a JWT.
 *
 * @param token - a compact JWS
 */
export function jwtClaims(token: string | undefined): Record<string, unknown> {
  let value: unknown
  try {
    // base64url without padding, which atob's forgiving decoder takes once - and _ are mapped back
    const binary = atob((token?.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))
    value = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))))
  } catch {
    // not base64 or not JSON: no claims
  }
  return isObject(value) ? value : {}
}
