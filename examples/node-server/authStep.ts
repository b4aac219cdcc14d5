// One HTTP request = one step of a sign-in client restored from Redis. The client is created for the
// request, driven one step, its persisted snapshot written back, and stopped: no promise outlives the
// request, so any process behind the port (or a restarted one) can take the next step.
//
// Two Redis scopes per browser: the SESSION scope (tokens and the machine snapshot) is named by the
// session cookie, the DEVICE scope (device key and secret, username aliases) by the device cookie. The
// client keeps each kind of record in its own scope (`storage` and `deviceStorage`), so a device cookie
// alone reaches no tokens.
import { AuthError, createAuthClient, type AuthClient, type AuthView, type TrustPolicy } from 'cognito-auth-machine'
import { redisStorage, type RedisAuthStorage, type RedisCommander } from 'cognito-auth-machine/storage/redis'

/** What the BFF needs to sign users in. */
export interface BffAuthConfig {
  /** The user pool id. */
  userPoolId: string
  /** The app client id (a confidential client: it has a secret). */
  clientId: string
  /** The app client secret: SECRET_HASH goes with every call. Never leaves the server. */
  clientSecret: string
  /** An endpoint other than the region's (the local server in tests). */
  endpoint?: string
  /** Trust expiry of remembered browsers (the sweep enforces the same days in Cognito). */
  trust?: TrustPolicy
  /** A connected node-redis client. */
  redis: RedisCommander
  /** Key prefix in Redis. Default `bff:`. */
  prefix?: string
}

/** The Redis scopes of one browser: hashes of its cookies' values, never the values themselves. */
export interface BrowserScopes {
  /** The session scope (tokens, snapshot). */
  session: string
  /** The device scope (device records). */
  device: string
  /** A name for a device this browser becomes (its user agent). */
  deviceName?: string
}

/**
 * Lock timing of every Redis store here: a holder's lease is renewed while it works; a waiter waits
 * longer than a lease, so a step waits out a lock left by a process that died holding it.
 */
const LOCK = { leaseMs: 10_000, waitMs: 15_000 }

/** A session's keys outlive its last write by this much at most (the absolute session limit bounds them). */
export interface SessionKeyLifetime {
  /** Seconds; the session scope's keys expire this long after their last write. */
  sessionKeySeconds: number
}

/** The view once the client has nothing left to do on its own. */
function settled(client: AuthClient): Promise<AuthView> {
  return new Promise((resolve) => {
    let unsubscribe = () => {}
    let done = false
    const check = (view: AuthView) => {
      if (done || view.step === 'working' || (view.step === 'signedIn' && view.busy !== null)) return
      done = true
      queueMicrotask(() => unsubscribe())
      resolve(view)
    }
    unsubscribe = client.subscribe(check)
    client.start()
    check(client.getView())
  })
}

const SNAPSHOT = 'snapshot'

/** One store per config for the per-session step lock, so that every request of this process waits in its one queue. */
const lockStores = new WeakMap<BffAuthConfig, RedisAuthStorage>()

function locksOf(config: BffAuthConfig): RedisAuthStorage {
  let locks = lockStores.get(config)
  if (!locks) {
    locks = redisStorage({ client: config.redis, prefix: config.prefix ?? 'bff:', lock: LOCK })
    lockStores.set(config, locks)
  }
  return locks
}

/** The two scopes of a browser as storages: tokens and snapshot in the session's, device records in the device's. */
function scopes(config: BffAuthConfig & SessionKeyLifetime, ids: BrowserScopes) {
  const prefix = config.prefix ?? 'bff:'
  return {
    session: redisStorage({ client: config.redis, prefix: `${prefix}s:${ids.session}:`, ttl: () => config.sessionKeySeconds, lock: LOCK }),
    device: redisStorage({ client: config.redis, prefix: `${prefix}d:${ids.device}:`, lock: LOCK }),
  }
}

/**
 * Restores the browser's client under its session's step lock (Redis: one step at a time across all
 * processes, so a double submit cannot fork a sign-in), runs `task` with it, and stops it.
 */
async function withClient<T>(
  config: BffAuthConfig & SessionKeyLifetime,
  ids: BrowserScopes,
  task: (client: AuthClient, stores: ReturnType<typeof scopes>) => Promise<T>,
): Promise<T> {
  return locksOf(config).withLock(`s:${ids.session}`, async () => {
    const stores = scopes(config, ids)
    const saved = await stores.session.getItem(SNAPSHOT)
    const client = createAuthClient({
      userPoolId: config.userPoolId,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.trust ? { trust: config.trust } : {}),
      ...(ids.deviceName ? { deviceName: ids.deviceName } : {}),
      storage: stores.session,
      deviceStorage: stores.device,
      ...(saved ? { snapshot: JSON.parse(saved) as never } : {}),
    })
    try {
      return await task(client, stores)
    } finally {
      client.stop()
    }
  })
}

/**
 * Runs one step for a browser: restores its client from the session scope, lets `act` drive it, and
 * writes the snapshot back. A command the step does not take (a double submit, a stale form) changes
 * nothing: the view shows where the sign-in stands.
 *
 * @param config - pool, client, secret, Redis, and how long session keys live
 * @param ids - the browser's session and device scopes, and a name for a new device
 * @param act - drives the client one step; gets the restored view; its result is returned beside the view
 * @returns the view after the step, and what `act` returned (undefined when its command was refused)
 */
export async function authStep<T>(
  config: BffAuthConfig & SessionKeyLifetime,
  ids: BrowserScopes,
  act: (client: AuthClient, view: AuthView) => Promise<T>,
): Promise<{ view: AuthView; result: T | undefined }> {
  return withClient(config, ids, async (client, stores) => {
    const result = await act(client, await settled(client)).catch((error: unknown) => {
      if (error instanceof AuthError && (error.code === 'INVALID_STATE' || error.code === 'ALREADY_SIGNED_IN')) return undefined
      throw error
    })
    const view = await settled(client)
    // A signed-out view with nothing to say has nothing worth keeping; an error or notice is kept to be shown.
    if (view.step === 'signedOut' && !view.error && !view.notice) await stores.session.removeItem(SNAPSHOT)
    else await stores.session.setItem(SNAPSHOT, JSON.stringify(client.getPersistedSnapshot()))
    return { view, result }
  })
}

/**
 * Ends whatever a session scope holds: a signed-in user is signed out (the refresh token revoked, the
 * tokens removed), a sign-in in progress is dropped, and the snapshot is deleted. Used at sign-out, when a
 * session times out, and for the session a new sign-in replaces.
 *
 * @param config - pool, client, secret, Redis
 * @param ids - the session's scope (and the browser's device scope, for the device records)
 * @returns whether there was a sign-in to end (signed in, or part way)
 */
export async function endSession(config: BffAuthConfig & SessionKeyLifetime, ids: BrowserScopes): Promise<boolean> {
  return withClient(config, ids, async (client, stores) => {
    const view = await settled(client)
    // RevokeToken; the client removes the stored tokens even when Cognito cannot be reached
    if (view.step === 'signedIn') await client.signOut().catch(() => undefined)
    await stores.session.removeItem(SNAPSHOT)
    return view.step !== 'signedOut'
  })
}
