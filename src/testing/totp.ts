import { createHmac } from 'node:crypto'
import { errors } from './errors'
import type { LocalState } from './store/LocalState'
import type { User } from './store/types'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 without padding, as Cognito's `SecretCode`. @internal */
export function base32Encode(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/** Bytes of a base32 string (case-insensitive; spaces and `=` ignored). @internal */
function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s=]/g, '')
  const out: number[] = []
  let bits = 0
  let value = 0
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch)
    if (index < 0) throw new TypeError('not a base32 string')
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Uint8Array.from(out)
}

/**
 * The RFC 6238 TOTP code (HMAC-SHA1, 6 digits, 30-second steps) for a base32 secret at an instant,
 * as an authenticator app would show it. Tests use it to answer `SOFTWARE_TOKEN_MFA` and
 * `VerifySoftwareToken`; pass `cognito.clock.now()` as the time when the clock was advanced.
 *
 * @param secretBase32 - the `SecretCode` from AssociateSoftwareToken
 * @param timeMs - the instant, in epoch milliseconds
 * @example
 * ```ts
 * import { AssociateSoftwareTokenCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
 * import { startLocalCognito, totp } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito()
 * const sdk = new CognitoIdentityProviderClient({ endpoint: cognito.endpoint, region: cognito.region })
 * const AccessToken = process.env.ACCESS_TOKEN // a signed-in user's access token
 * const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken }))
 * const code = totp(SecretCode!, cognito.clock.now())
 * ```
 */
export function totp(secretBase32: string, timeMs: number): string {
  const counter = Math.floor(timeMs / 30_000)
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const digest = createHmac('sha1', base32Decode(secretBase32)).update(message).digest()
  const offset = digest.readUInt8(digest.length - 1) & 0xf
  const binary = digest.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 1_000_000).padStart(6, '0')
}

/** The 30-second step whose TOTP `code` is, among the step at `timeMs` and one either side; else undefined. @internal */
function totpStep(secretBase32: string, code: string, timeMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  for (const skew of [0, -30_000, 30_000]) {
    if (totp(secretBase32, timeMs + skew) === code) return Math.floor((timeMs + skew) / 30_000)
  }
  return undefined
}

/**
 * Checks a user's TOTP code against `secret`: true when it is the code of the current step or one
 * either side. With `rejectReusedTotp`, a step at or before the last one accepted is
 * `ExpiredCodeException`. @internal
 */
export function acceptTotp(state: LocalState, user: User, secret: string, code: string): boolean {
  const step = totpStep(secret, code, state.clock.now())
  if (step === undefined) return false
  if (state.options.rejectReusedTotp && user.mfa.lastTotpStep !== undefined && step <= user.mfa.lastTotpStep) {
    throw errors.expiredCode('Your software token has already been used once.')
  }
  user.mfa.lastTotpStep = step
  return true
}
