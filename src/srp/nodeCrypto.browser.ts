import type { NodeCryptoLike } from './nodeCrypto'

/** The browser build's stand-in for `nodeCrypto.ts` (see tsup.config.ts): browsers have no node:crypto. */
export const nodeCrypto: NodeCryptoLike | undefined = undefined
