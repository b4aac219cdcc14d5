import { N } from './constants'
import { concatBytes, bytesToBigInt, padBytes, toBase64, utf8 } from './encoding'
import { SrpError, type SrpErrorCode } from './errors'
import { hkdf16, hmacSha256, sha256 } from './hash'

/**
 * x = H(saltBytes || H(UTF8(prefix || id || ":" || password))), where prefix and id are the pool name and
 * USER_ID_FOR_SRP for a user, or the DeviceGroupKey and DeviceKey for a device (guides/srp.md, step 6 and
 * 'A new device: the device verifier').
 */
export async function computeX(saltBytes: Uint8Array, prefix: string, id: string, password: string): Promise<bigint> {
  const inner = await sha256(utf8(`${prefix}${id}:${password}`))
  return bytesToBigInt(await sha256(concatBytes(saltBytes, inner)))
}

/** Returns value unless it is 0 mod N, which SRP forbids for A, B and u; then throws `code`. */
export function requireNonZeroModN(value: bigint, code: SrpErrorCode, what: string): bigint {
  if (value % N === 0n) throw new SrpError(code, `${what} is 0 mod N`)
  return value
}

/** H(padHex(a) || padHex(b)) as an integer: k = H(N, g) and u = H(A, B) (guides/srp.md, 'Constants' and step 5). */
export async function hashPair(a: bigint, b: bigint): Promise<bigint> {
  return bytesToBigInt(await sha256(concatBytes(padBytes(a), padBytes(b))))
}

/** u = H(padHex(A) || padHex(B)); u = 0 is refused (guides/srp.md, step 5). */
export async function computeU(A: bigint, B: bigint): Promise<bigint> {
  return requireNonZeroModN(await hashPair(A, B), 'INVALID_U', 'u')
}

/** The 16-byte HKDF key from the shared secret S (input key material) and u (salt) (guides/srp.md, step 8). */
export function deriveKey(S: bigint, u: bigint): Promise<Uint8Array> {
  return hkdf16(padBytes(S), padBytes(u))
}

/** base64(HMAC(key, prefix || id || secretBlock || timestamp)): the PASSWORD_CLAIM_SIGNATURE. */
export async function signClaim(key: Uint8Array, prefix: string, id: string, secretBlock: Uint8Array, timestamp: string): Promise<string> {
  return toBase64(await hmacSha256(key, concatBytes(utf8(prefix), utf8(id), secretBlock, utf8(timestamp))))
}
