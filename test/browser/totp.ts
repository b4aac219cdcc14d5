import { createHmac } from 'node:crypto'

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as an authenticator app computes it from the enrolment secret. */
export function totpCode(secretBase32: string, timeMs: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const ch of secretBase32.toUpperCase().replace(/[\s=]/g, '')) {
    value = (value << 5) | alphabet.indexOf(ch)
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 30_000)))
  const mac = createHmac('sha1', Buffer.from(bytes)).update(counter).digest()
  const offset = mac[mac.length - 1]! & 15
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

/** A six-digit code that is none of the codes of `timeMs`'s step and the steps either side: a wrong answer for sure. */
export function wrongTotpCode(secretBase32: string, timeMs: number): string {
  const valid = new Set([-1, 0, 1].map((step) => totpCode(secretBase32, timeMs + step * 30_000)))
  for (let n = 123_456; ; n = (n + 1) % 1_000_000) {
    const code = String(n).padStart(6, '0')
    if (!valid.has(code)) return code
  }
}
