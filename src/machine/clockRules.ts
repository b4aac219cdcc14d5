import type { AuthContext } from './types'

/** Refresh this long before the tokens expire (at most half their life). */
export const REFRESH_MARGIN_MS = 5 * 60_000
/** Tokens younger than this are never refreshed (so very short lifetimes cannot spin). */
const MIN_TOKEN_AGE_MS = 1000
/** setTimeout's limit; longer waits are cut and re-checked. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** When tokens should be refreshed: 5 minutes before expiry, or half-way for shorter lifetimes; never when signed out. */
function refreshAt(context: AuthContext): number {
  const s = context.signedIn
  if (!s) return Infinity
  const margin = Math.min(REFRESH_MARGIN_MS, (s.expiresAt - s.issuedAt) / 2)
  return Math.max(s.expiresAt - margin, s.issuedAt + MIN_TOKEN_AGE_MS)
}

/** When the device's trust lapses, if it is remembered with a deadline; else never. */
function trustDeadline(context: AuthContext): number {
  const device = context.device
  return device?.status === 'remembered' && device.trustedUntil !== null ? device.trustedUntil : Infinity
}

/** Cognito's default AuthSessionValidity: an auth session (between challenges) lives 3 minutes. */
export const AUTH_SESSION_MS = 3 * 60_000

/**
 * The machine's time-dependent guards and delays, bound to a clock: `trustLapsed` (a remembered
 * device's deadline passed while signed in), `refreshDue` (tokens close to expiry),
 * `authSessionExpired` (the auth session of a waiting step outlived its validity) and `nextCheck`
 * (how long to wait before checking again). The client binds them to its injected clock.
 *
 * @param now - the clock, epoch milliseconds
 * @param authSessionMs - how long an auth session lives (the app client's AuthSessionValidity)
 */
export function clockRules(now: () => number, authSessionMs = AUTH_SESSION_MS) {
  return {
    guards: {
      authSessionExpired: ({ context }: { context: AuthContext }) =>
        context.sessionAt !== null && now() - context.sessionAt >= authSessionMs,
      trustLapsed: ({ context }: { context: AuthContext }) => trustDeadline(context) <= now(),
      refreshDue: ({ context }: { context: AuthContext }) => refreshAt(context) <= now(),
    },
    delays: {
      nextCheck: ({ context }: { context: AuthContext }) =>
        Math.min(MAX_TIMER_MS, Math.max(1000, Math.min(refreshAt(context), trustDeadline(context)) - now())),
    },
  }
}
