// One HTTP request = one step of a sign-in client restored from Redis. The client is created for the
// request, driven one step, its persisted snapshot written back, and stopped: no promise outlives the
// request, so any process behind the port (or a restarted one) can take the next step.
import { AuthError, createAuthClient, type AuthClient, type AuthView, type TrustPolicy } from 'cognito-auth-machine'
import { redisStorage, type RedisCommander } from 'cognito-auth-machine/storage/redis'

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
  /** Trust expiry of remembered browsers, kept in a custom attribute for the sweep. */
  trust?: TrustPolicy
  /** A connected node-redis client. */
  redis: RedisCommander
  /** Key prefix in Redis. Default `bff:`. */
  prefix?: string
  /** How long an unfinished sign-in is kept, in seconds. Default 900 (above Cognito's session validity of 3 to 15 minutes). */
  flightTtlSeconds?: number
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

/** The sign-ins in flight, one store per config, so its in-process lock queue is shared by all requests. */
const flightStores = new WeakMap<BffAuthConfig, ReturnType<typeof redisStorage>>()

function flightsOf(config: BffAuthConfig, prefix: string): ReturnType<typeof redisStorage> {
  let flights = flightStores.get(config)
  if (!flights) {
    flights = redisStorage({ client: config.redis, prefix: `${prefix}flight:`, ttl: () => config.flightTtlSeconds ?? 900 })
    flightStores.set(config, flights)
  }
  return flights
}

/**
 * Runs one step for a browser: `deviceId` names its device records (a namespace in Redis; the device
 * secret stays there), `sessionId` its sign-in in progress or signed-in session. Steps of one session
 * run one at a time across all processes (a Redis lock), so a double submit cannot fork the sign-in.
 *
 * @param config - pool, client, secret, Redis
 * @param ids - the browser's device id and session id (from its cookies), and a name for a new device (its user agent)
 * @param act - drives the client one step; gets the restored view
 */
export async function authStep(
  config: BffAuthConfig,
  ids: { deviceId: string; sessionId: string; deviceName?: string },
  act: (client: AuthClient, view: AuthView) => Promise<unknown>,
): Promise<AuthView> {
  const prefix = config.prefix ?? 'bff:'
  const flights = flightsOf(config, prefix)
  return flights.withLock(ids.sessionId, async () => {
    const saved = await flights.getItem(ids.sessionId)
    const client = createAuthClient({
      userPoolId: config.userPoolId,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.trust ? { trust: config.trust } : {}),
      ...(ids.deviceName ? { deviceName: ids.deviceName } : {}),
      storage: redisStorage({ client: config.redis, prefix: `${prefix}device:${ids.deviceId}:` }),
      ...(saved ? { snapshot: JSON.parse(saved) as never } : {}),
    })
    try {
      // a command the step does not take (a double submit, a stale form) changes nothing: show where it stands
      await act(client, await settled(client)).catch((error: unknown) => {
        if (!(error instanceof AuthError && (error.code === 'INVALID_STATE' || error.code === 'ALREADY_SIGNED_IN'))) throw error
      })
      const view = await settled(client)
      // A signed-out view with nothing to say has nothing worth keeping; an error or notice is kept to be shown.
      if (view.step === 'signedOut' && !view.error && !view.notice) await flights.removeItem(ids.sessionId)
      else await flights.setItem(ids.sessionId, JSON.stringify(client.getPersistedSnapshot()))
      return view
    } finally {
      client.stop()
    }
  })
}
