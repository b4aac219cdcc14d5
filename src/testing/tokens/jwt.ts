import { createSign, createVerify } from 'node:crypto'
import type { SigningKey } from './keys'

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** An RS256 JWT over `claims`. @internal */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const head = `${b64url({ kid: key.kid, alg: 'RS256' })}.${b64url(claims)}`
  return `${head}.${createSign('RSA-SHA256').update(head).sign(key.privateKey).toString('base64url')}`
}

/** The claims of a JWT signed by `key`, or `undefined` when it is malformed or the signature fails. @internal */
export function verifyJwt(key: SigningKey, token: string): Record<string, unknown> | undefined {
  const [head, body, signature, ...rest] = token.split('.')
  if (head === undefined || body === undefined || signature === undefined || rest.length > 0) return undefined
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { kid?: unknown; alg?: unknown }
    if (header.kid !== key.kid || header.alg !== 'RS256') return undefined
    const ok = createVerify('RSA-SHA256').update(`${head}.${body}`).verify(key.publicKey, Buffer.from(signature, 'base64url'))
    if (!ok) return undefined
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
