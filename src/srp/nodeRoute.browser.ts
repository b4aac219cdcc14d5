import type { ModPowRoute } from './modPow'

/**
 * The browser build's stand-in for `nodeRoute.ts` (see tsup.config.ts): there is no node:crypto in a
 * browser, so there is no native route and modular exponentiation always takes the BigInt route.
 *
 * @param _fallback - unused
 */
export function nodeRouteWith(_fallback: (base: bigint, e: bigint) => bigint): ModPowRoute | undefined {
  return undefined
}
