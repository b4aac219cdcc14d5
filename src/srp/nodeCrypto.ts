/** The part of node:crypto this engine uses; typed here so that the browser build needs no Node types. */
export interface NodeCryptoLike {
  createHash(algorithm: 'sha256'): { update(data: Uint8Array): { digest(): Uint8Array } }
  createHmac(algorithm: 'sha256', key: Uint8Array): { update(data: Uint8Array): { digest(): Uint8Array } }
  createDiffieHellman(
    prime: Uint8Array,
    generator: Uint8Array,
  ): {
    setPrivateKey(key: Uint8Array): void
    generateKeys(): Uint8Array
    computeSecret(other: Uint8Array): Uint8Array
  }
}

/**
 * node:crypto when running on Node (20.16 or later), found without an import statement so that
 * browser bundlers see nothing to resolve; `undefined` everywhere else.
 */
export const nodeCrypto: NodeCryptoLike | undefined = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    return proc?.getBuiltinModule?.('node:crypto') as NodeCryptoLike | undefined
  } catch {
    return undefined
  }
})()
