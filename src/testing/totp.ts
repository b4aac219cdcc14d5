import { createHmac } from 'node:crypto'

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
export function base32Decode(text: string): Uint8Array {
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
 * const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken }))
 * const code = totp(SecretCode!, cognito.clock.now())
 * ```
 */
export function totp(secretBase32: string, timeMs: number): string {
  const counter = Math.floor(timeMs / 30_000)
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const digest = createHmac('sha1', base32Decode(secretBase32)).update(message).digest()
  const offset = digest[digest.length - 1]! & 0xf
  const binary = digest.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 1_000_000).padStart(6, '0')
}

/** Whether `code` is the TOTP of the step at `timeMs` or of one step either side. @internal */
export function verifyTotp(secretBase32: string, code: string, timeMs: number): boolean {
  if (!/^\d{6}$/.test(code)) return false
  return [-30_000, 0, 30_000].some((skew) => totp(secretBase32, timeMs + skew) === code)
}
