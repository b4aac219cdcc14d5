import { SrpError } from './errors'

const HEX = /^[0-9a-fA-F]+$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const encoder = new TextEncoder()

/**
 * Reads a hex integer from the wire, tolerantly: odd length, either case and leading zeros are fine
 * (Cognito's own clients read SRP_B and SALT as integers this way, then hash them re-encoded with padHex;
 * guides/srp.md, 'Integers on the wire are plain hex'). Anything else is an `INVALID_HEX` error naming `field`.
 */
export function parseHex(text: string, field: string): bigint {
  if (typeof text !== 'string' || !HEX.test(text)) {
    throw new SrpError('INVALID_HEX', `${field} is not hex`)
  }
  return BigInt('0x' + text)
}

/** Java's `BigInteger.toByteArray()` as hex, for non-negative n: even length, `00` before a set top bit. */
export function padHex(n: bigint): string {
  let hex = n.toString(16)
  if (hex.length % 2 === 1) hex = '0' + hex
  else if (/^[89a-f]/.test(hex)) hex = '00' + hex
  return hex
}

/** Bytes of an even-length hex string. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** Lower-case hex of bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = ''
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16)
  return hex
}

/** The unsigned big-endian integer of bytes. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + bytesToHex(bytes))
}

/** padHex(n) as bytes: the canonical encoding hashed everywhere in Cognito's SRP. */
export function padBytes(n: bigint): Uint8Array {
  return hexToBytes(padHex(n))
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text)
}

/** Standard base64 (with padding) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

/** Bytes of a standard base64 string; anything else is an `INVALID_BASE64` error naming `field`. */
export function fromBase64(text: string, field: string): Uint8Array {
  if (typeof text !== 'string' || !BASE64.test(text)) {
    throw new SrpError('INVALID_BASE64', `${field} is not base64`)
  }
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/** Byte concatenation. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Cryptographically random bytes. */
export function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length))
}
