/**
 * The payload of a JWT, decoded without verification (the client only reads its own tokens' claims,
 * such as `exp`, `username` and `device_key`; it makes no trust decision from them). Returns an empty
 * object for anything that is not a JWT.
 *
 * @param token - a compact JWS
 */
export function jwtClaims(token: string | undefined): Record<string, unknown> {
  const part = token?.split('.')[1]
  if (!part) return {}
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/')
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4)
    const binary = atob(padded)
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
