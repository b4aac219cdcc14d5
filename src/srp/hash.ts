import { HKDF_INFO } from './constants'
import { concatBytes, utf8 } from './encoding'
import { nodeCrypto } from './nodeCrypto'

const subtle = () => globalThis.crypto.subtle

/** SHA-256: node:crypto where present, WebCrypto elsewhere. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(data).digest()
  return new Uint8Array(await subtle().digest('SHA-256', data as BufferSource))
}

/** HMAC-SHA256. */
export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  return nodeCrypto
    ? nodeCrypto.createHmac('sha256', key).update(data).digest()
    : new Uint8Array(
        await subtle().sign(
          'HMAC',
          await subtle().importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
          data as BufferSource,
        ),
      )
}

/** RFC 5869 HKDF-SHA256 with one output block, cut to the 16 bytes Cognito uses (info "Caldera Derived Key"; guides/srp.md, step 8). */
export async function hkdf16(ikm: Uint8Array, salt: Uint8Array): Promise<Uint8Array> {
  const prk = await hmacSha256(salt, ikm)
  const okm = await hmacSha256(prk, concatBytes(utf8(HKDF_INFO), Uint8Array.of(1)))
  return okm.slice(0, 16)
}
