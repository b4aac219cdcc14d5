import { g, N } from './constants'
import { bytesToBigInt, hexToBytes, padHex } from './encoding'
import type { ModPowRoute } from './modPow'
import { nodeCrypto } from './nodeCrypto'

// The Node route: OpenSSL through node:crypto Diffie-Hellman over N. A module of its own so that the
// browser build (tsup.config.ts) replaces it with nothing: browsers always take the BigInt route.

/**
 * The native route where node:crypto is present, else `undefined`.
 *
 * @param fallback - base^e mod N for the bases OpenSSL refuses
 */
export function nodeRouteWith(fallback: (base: bigint, e: bigint) => bigint): ModPowRoute | undefined {
  const crypto = nodeCrypto
  if (!crypto) return undefined
  const primeBytes = hexToBytes(padHex(N).slice(2))
  const generatorBytes = Uint8Array.of(Number(g))
  const dh = (e: bigint) => {
    const d = crypto.createDiffieHellman(primeBytes, generatorBytes)
    d.setPrivateKey(hexToBytes(padHex(e)))
    return d
  }
  return {
    name: 'node',
    // OpenSSL pads its results to 384 bytes; bytesToBigInt reads them back as integers.
    gPow: (e) => (e === 0n ? 1n : bytesToBigInt(dh(e).generateKeys())),
    // OpenSSL refuses a "public key" outside [2, N-2]; those rare bases go the BigInt way.
    modPow: (base, e) =>
      e === 0n || base < 2n || base > N - 2n ? fallback(base, e) : bytesToBigInt(dh(e).computeSecret(hexToBytes(padHex(base)))),
  }
}
