import { afterAll } from 'vitest'
import { bigintRoute, currentRoute, nodeRoute, useRoute, type ModPowRoute } from '../../src/srp/modPow'

/** Both modular-exponentiation routes; every SRP test runs once per route. */
export const routes: ModPowRoute[] = [nodeRoute!, bigintRoute]

/** Runs the rest of a describe block on one route, restoring the default afterwards. */
export function onRoute(route: ModPowRoute): void {
  const before = currentRoute()
  useRoute(route)
  afterAll(() => useRoute(before))
}
