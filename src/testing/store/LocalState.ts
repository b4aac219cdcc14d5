import type { LocalClock } from '../clock'
import type { PendingCode } from '../codes'
import { errors, MESSAGES } from '../errors'
import { createAuthEventLog } from '../events'
import type { FaultTable } from '../faults'
import type { ResolvedOptions } from '../options'
import type { WritableOutbox } from '../outbox'
import type { SigningKeys } from '../tokens/keys'
import type { AppClient, AuthSession, RefreshGrant, User, UserPool } from './types'

/** Everything the server holds, in memory, and the lookups every operation needs. @internal */
export class LocalState {
  readonly pools = new Map<string, UserPool>()
  readonly clients = new Map<string, AppClient>()
  readonly sessions = new Map<string, AuthSession>()
  readonly refreshGrants = new Map<string, RefreshGrant>()
  /** origin_jti of every sign-in whose tokens are still good: origin_jti -> user pool id + user name. */
  readonly liveOrigins = new Map<string, { poolId: string; username: string }>()
  /** Pending one-time codes (attribute verification, sign-up, password reset): `poolId:username:purpose`. */
  readonly verificationCodes = new Map<string, PendingCode>()
  /** Auth events (sign-in, sign-up, password reset…), with what tests may read of them. */
  readonly events = createAuthEventLog()

  constructor(
    readonly options: ResolvedOptions,
    readonly clock: LocalClock,
    readonly outbox: WritableOutbox,
    readonly faults: FaultTable,
    readonly keys: SigningKeys,
  ) {}

  get region(): string {
    return this.options.region
  }

  /** The pool, or `ResourceNotFoundException`. */
  pool(id: string): UserPool {
    const pool = this.pools.get(id)
    if (!pool) throw errors.resourceNotFound(`User pool ${id} does not exist.`)
    return pool
  }

  /** The app client, or `ResourceNotFoundException`; checks the pool when given. */
  client(clientId: string, poolId?: string): { pool: UserPool; client: AppClient } {
    const client = this.clients.get(clientId)
    if (!client || (poolId !== undefined && client.poolId !== poolId)) {
      throw errors.resourceNotFound(`User pool client ${clientId} does not exist.`)
    }
    return { pool: this.pool(client.poolId), client }
  }

  /** The key users are stored under. */
  userKey(pool: UserPool, username: string): string {
    return pool.caseSensitive ? username : username.toLowerCase()
  }

  /**
   * The user a sign-in name refers to: the user name, the `sub`, or (for pools that sign in by e-mail
   * or phone, or that allow those aliases) the e-mail address or phone number.
   */
  findUser(pool: UserPool, name: string): User | undefined {
    const direct = pool.users.get(this.userKey(pool, name))
    if (direct) return direct
    const byAttribute = [...pool.usernameAttributes, ...pool.aliasAttributes]
    const folded = name.toLowerCase()
    for (const user of pool.users.values()) {
      if (user.sub === name) return user
      for (const attr of byAttribute) {
        const value = user.attributes.get(attr)
        if (value === undefined) continue
        const matches = attr === 'email' ? value.toLowerCase() === folded : value === name
        if (!matches) continue
        const aliasOnly = !pool.usernameAttributes.includes(attr)
        if (aliasOnly && user.attributes.get(`${attr}_verified`) !== 'true') continue
        return user
      }
    }
    return undefined
  }

  /** The user, or `UserNotFoundException: User does not exist.`. */
  requireUser(pool: UserPool, name: string): User {
    const user = this.findUser(pool, name)
    if (!user) throw errors.userNotFound(MESSAGES.userMissing)
    return user
  }

  /** Ends every sign-in of a user: its refresh tokens and access tokens stop working. */
  signOutEverywhere(poolId: string, username: string): void {
    for (const [jti, origin] of this.liveOrigins) {
      if (origin.poolId === poolId && origin.username === username) this.liveOrigins.delete(jti)
    }
    for (const [token, grant] of this.refreshGrants) {
      if (grant.poolId === poolId && grant.username === username) this.refreshGrants.delete(token)
    }
  }

  /** Drops sessions that expired long ago, so memory stays flat under load. */
  sweepSessions(): void {
    const cutoff = this.clock.now() - 60 * 60_000
    for (const [id, session] of this.sessions) if (session.expiresAt < cutoff) this.sessions.delete(id)
  }
}
