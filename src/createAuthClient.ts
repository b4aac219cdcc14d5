import { createActor, type Actor, type Snapshot } from 'xstate'
import type { AuthCommands, AuthView } from './AuthView'
import { defaultTransport } from './cognito/defaultTransport'
import type { CognitoTransport } from './cognito/CognitoTransport'
import { ACCOUNT_ENTRIES, AUTH_COMMANDS, COMMAND_EVENTS, PROFILE_COMMANDS, type AccountEvent, type AuthCommandName } from './commands'
import { connect, type AuthSnapshot } from './connect'
import { storagePrefix } from './device/deviceStore'
import { validateTrustPolicy, type TrustPolicy } from './device/trustPolicy'
import { AuthError, failure, notLoaded } from './errors'
import { actorsFor, createAuthActors, preloadSignIn } from './machine/authActors'
import { actorClock } from './machine/actorClock'
import { authMachine } from './machine/authMachine'
import { AUTH_SESSION_MS, clockRules } from './machine/clockRules'
import type { AuthDeps } from './machine/AuthDeps'
import { sessionStore, type AuthTokens, type SessionStore } from './machine/sessionStore'
import type { AuthEvent, AuthFlow } from './machine/types'
import type { accountHost } from './accountHost'
import type { ProfileEvent } from './account/profileChart'
import type { AuthStorage } from './storage/AuthStorage'
import type { WebAuthnAdapter } from './webauthn/WebAuthnAdapter'
import { memoryStorage } from './storage/memoryStorage'
import { POOL_ID } from './srp/poolId'

/** A clock: epoch milliseconds. Inject one to test expiry without waiting. */
export interface AuthClock {
  /** The current time, epoch milliseconds. */
  now(): number
}

/** A persisted machine snapshot, as `getPersistedSnapshot()` returns it and `snapshot` takes it back. */
export type PersistedAuthSnapshot = Snapshot<unknown>

/** Configuration of {@link createAuthClient}. */
export interface AuthClientConfig {
  /** The user pool id, `region_name`. */
  userPoolId: string
  /** The app client id. */
  clientId: string
  /** The app client secret (confidential clients; keep it server-side). */
  clientSecret?: string
  /** The AWS region; default the prefix of `userPoolId`. */
  region?: string
  /** An explicit endpoint, e.g. a local server's URL. */
  endpoint?: string
  /**
   * How to reach Cognito. Default: {@link fetchTransport} in browsers (the package's `browser` export
   * condition), the AWS SDK v3 transport (imported on the first request) elsewhere.
   */
  transport?: CognitoTransport
  /** Where tokens live, and device records unless `deviceStorage` is given; default {@link memoryStorage}. */
  storage?: AuthStorage
  /**
   * Where device records (device key and secret) live, when they must be kept apart from the tokens: a
   * server keeps tokens under a session cookie and device records under a device cookie, so that the
   * device cookie alone grants nothing. Default: `storage`.
   */
  deviceStorage?: AuthStorage
  /** `USER_SRP_AUTH` (default), `USER_PASSWORD_AUTH` (migrations) or `CUSTOM_AUTH`. */
  authFlow?: AuthFlow
  /** Trust expiry: remembered devices skip MFA for `days` days. */
  trust?: TrustPolicy
  /** `DeviceName` sent with ConfirmDevice; default from the user agent or the Node version. */
  deviceName?: string
  /** A persisted snapshot to restore and continue (page reload, one HTTP request per step). */
  snapshot?: PersistedAuthSnapshot
  /** The clock; default `Date.now`. */
  clock?: AuthClock
  /**
   * How long one call to Cognito may take, retries included, in milliseconds; default 30 000. A call
   * that takes longer is aborted and ends in a retryable `NETWORK_ERROR`.
   */
  timeoutMs?: number
  /**
   * The app client's AuthSessionValidity, in minutes (Cognito allows 3 to 15; default 3): a waiting step
   * restored from a snapshot older than this ends with `SESSION_EXPIRED` instead of showing a dead step.
   */
  authSessionMinutes?: number
  /**
   * Threat protection's context for each call that accepts it (InitiateAuth, RespondToAuthChallenge,
   * SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword), sent as
   * `UserContextData`: asked per request with the user name the request carries (in an answer to a
   * challenge, the name Cognito gave back). A browser returns `encodedData` from AWS's advanced-security
   * script (`AmazonCognitoAdvancedSecurityData.getData(username, userPoolId, clientId)`; this package
   * loads nothing of it); a confidential server adds its visitor's `ipAddress`. Nothing is sent when it
   * returns undefined. A throw fails the call it was asked for.
   */
  contextData?: (username: string) => ContextData | undefined | Promise<ContextData | undefined>
  /**
   * The WebAuthn ceremonies for passkeys (registration and the WEB_AUTHN sign-in step). Default: the browser's
   * `navigator.credentials`, loaded on first use; a Node service or a test passes `softwareAuthenticator()` from
   * `cognito-auth-machine/testing` or its own.
   */
  webAuthn?: WebAuthnAdapter
}

/** What {@link AuthClientConfig.contextData} returns for one request. */
export interface ContextData {
  /** The fingerprint from AWS's advanced-security script (`EncodedData`). */
  encodedData?: string
  /** The end user's IP address, for a confidential server acting for them. */
  ipAddress?: string
}

/** A sign-in client: the machine, wired to a transport, storage and clock, with named commands. */
export interface AuthClient extends AuthCommands {
  /** Starts the machine (restores a stored session or the given snapshot). `subscribe` and every command start it too. */
  start(): AuthClient
  /** Stops the machine, its timers and its storage notices; commands then reject. */
  stop(): void
  /** The current view: the same object until what it shows changes. */
  getView(): AuthView
  /** Starts the client and calls `listener` with each new view (each distinct view once); returns an unsubscribe function. */
  subscribe(listener: (view: AuthView) => void): () => void
  /** A JSON-safe snapshot to restore later with `snapshot`; never holds a password, a device secret or a token. */
  getPersistedSnapshot(): PersistedAuthSnapshot
  /**
   * The signed-in user's tokens (refreshed first when close to expiry), or null when nobody is signed in
   * here. Never another user's: when the stored session is gone or belongs to someone else (another tab),
   * the view goes to signedOut and this returns null.
   */
  getTokens(): Promise<AuthTokens | null>
  /** The XState actor, for inspection only (its machine and types are in `cognito-auth-machine/machine`). */
  readonly actor: Actor<typeof authMachine>
}

/** The default of {@link AuthClientConfig.timeoutMs}: 30 seconds. */
export const DEFAULT_TIMEOUT_MS = 30_000

/** Whether a state waits out in the background (restoring, refreshing, leaving): commands wait for it to end. */
const quiet = (snapshot: AuthSnapshot) => snapshot.status !== 'active' || !snapshot.hasTag('background')

/**
 * Creates a sign-in client for one user pool and app client. Several clients (pools) can live side by
 * side; there is no global state.
 *
 * @param config - pool, client, transport, storage, trust policy, clock
 * @throws {@link AuthError} `INVALID_INPUT` for a malformed pool id, client id, trust policy or time limit
 * @example
 * ```ts
 * import { createAuthClient, fetchTransport } from 'cognito-auth-machine'
 *
 * const client = createAuthClient({ userPoolId: 'us-east-1_AbC123', clientId: 'abc', transport: fetchTransport(), trust: { days: 30 } })
 * client.subscribe((view) => console.log(view.step, view.notice))
 * const password = prompt('Password') ?? ''
 * let view = await client.signIn({ username: 'ana', password })
 * if (view.step === 'mfaCode') view = await client.submitCode('123456')
 * if (view.step === 'rememberDevice') view = await client.rememberDevice(true)
 * ```
 */
export function createAuthClient(config: AuthClientConfig): AuthClient {
  const { deps, sessionMs } = checkedDeps(config)
  const actor = clientActor(config, deps, sessionMs)
  const sessions = sessionStore(deps.storage, { userPoolId: config.userPoolId, clientId: config.clientId })
  const trustDays = config.trust?.days
  let started = false
  const hosts = lazyHost(actor, deps, getView)
  let unwatch: (() => void) | undefined
  let cached: { snapshot: unknown; page: unknown; key: string; view: AuthView } | undefined

  function getView(): AuthView {
    const flow = hosts.get()?.current()
    const profile = hosts.get()?.page.current()
    const snapshot = flow ? flow.snapshot() : actor.getSnapshot()
    const page = profile?.snapshot()
    if (!cached || cached.snapshot !== snapshot || cached.page !== page) {
      let state = flow ? flow.view() : connect(actor.getSnapshot(), trustDays ? { trustDays } : {})
      if (profile && state.step === 'signedIn')
        state = { ...state, busy: state.busy ?? profile.busy(), profile: profile.view(state.username) }
      const key = JSON.stringify(state)
      // an equal view keeps its object, so each distinct view reaches subscribers (and React) once
      cached = cached?.key === key ? { ...cached, snapshot, page } : { snapshot, page, key, view: Object.assign(state, methods) }
    }
    return cached.view
  }
  function ensureStarted() {
    if (started) return
    started = true
    preloadSignIn()
    actor.start()
    unwatch = watchStorage(config, deps.storage, actor)
    if (config.snapshot) actor.send({ type: 'RESUME' })
  }
  const when = (ready: (snapshot: AuthSnapshot) => boolean) => firstSnapshot(actor, ready)
  /** The next view that is not `working` (nor signedIn and busy). */
  const next = () => when(settled).then(getView)
  /** Runs a command: waits out a background task, refuses what the step does not take, then the next settled view. */
  async function command<K extends AuthCommandName>(name: K, args: Parameters<AuthCommands[K]>): Promise<AuthView> {
    ensureStarted()
    await when(quiet)
    // read again: another command may have been sent since this one started waiting
    const snapshot = actor.getSnapshot()
    const event = (COMMAND_EVENTS[name] as (...a: unknown[]) => AuthEvent | AccountEvent)(...args)
    const hosted = hosts.route(name, event)
    if (hosted) return hosted
    // one call at a time: the session's commands wait for none of the account page's
    if (!snapshot.can(event as AuthEvent) || hosts.get()?.page.current()?.busy()) throw refusal(name, getView())
    actor.send(event as AuthEvent)
    return next()
  }
  const methods = Object.fromEntries(
    AUTH_COMMANDS.map((name) => [name, (...args: never[]) => command(name, args as never)]),
  ) as unknown as AuthCommands

  const client: AuthClient = {
    ...methods,
    start() {
      ensureStarted()
      return client
    },
    stop() {
      unwatch?.()
      unwatch = undefined
      actor.stop()
      hosts.get()?.stop()
    },
    getView,
    subscribe(listener) {
      let last: AuthView | undefined
      const push = () => {
        const view = getView()
        if (view !== last) listener((last = view))
      }
      const subscription = actor.subscribe(push)
      hosts.watchers.add(push)
      ensureStarted()
      return () => (subscription.unsubscribe(), hosts.watchers.delete(push))
    },
    getPersistedSnapshot: () => actor.getPersistedSnapshot() as PersistedAuthSnapshot,
    actor,
    async getTokens() {
      ensureStarted()
      return signedInTokens(actor, sessions, next)
    },
  }
  return client
}

/**
 * A client's host of the account flows and page: its module is loaded with the first of their commands (the sign-in
 * screen needs neither); `watchers` are the client's subscribers, told of every change of a flow or the page.
 */
function lazyHost(actor: Actor<typeof authMachine>, deps: AuthDeps, getView: () => AuthView) {
  let host: ReturnType<typeof accountHost> | undefined
  const watchers = new Set<() => void>()
  const load = () =>
    import('./accountHost').then(
      (module) => (host ??= module.accountHost(actor, deps, getView, (name) => refusal(name, getView()), watchers)),
      (error: unknown) => {
        throw notLoaded(error)
      },
    )
  return {
    watchers,
    get: () => host,
    /** The host's part of a command (an account flow's or the page's) as its next view, or null when it is the sign-in's. */
    route(name: AuthCommandName, event: AuthEvent | AccountEvent): Promise<AuthView> | null {
      const flows = host?.current() || ACCOUNT_ENTRIES.has(event.type)
      if (!flows && !PROFILE_COMMANDS.has(name) && !host?.page.takes(event)) return null
      return load().then((loaded) => (flows ? loaded.command(name, event) : loaded.page.command(name, event as ProfileEvent)))
    },
  }
}

/** Whether a snapshot shows a step that is not `working` (nor signedIn and busy). */
function settled(snapshot: AuthSnapshot): boolean {
  const view = connect(snapshot)
  return view.step !== 'working' && !(view.step === 'signedIn' && view.busy !== null)
}

/**
 * Tells the actor when another tab, window or process changes this client's session (or a device record:
 * it may have confirmed this session's device since), so that it looks again. Returns the unwatch.
 */
function watchStorage(config: AuthClientConfig, storage: AuthStorage, actor: Actor<typeof authMachine>): () => void {
  const prefix = storagePrefix({ userPoolId: config.userPoolId, clientId: config.clientId })
  const changed = (key: string) => key.startsWith(prefix) && actor.send({ type: 'STORAGE_CHANGED' })
  const stores = config.deviceStorage && config.deviceStorage !== storage ? [storage, config.deviceStorage] : [storage]
  const unwatchers = stores.map((store) => store.onChange?.(changed))
  return () => unwatchers.forEach((stop) => stop?.())
}

/** The config checked, as the actors' dependencies; and the auth session's length. */
function checkedDeps(config: AuthClientConfig): { deps: AuthDeps; sessionMs: number } {
  const pool = POOL_ID.exec(config.userPoolId)
  if (!pool) throw new AuthError('INVALID_INPUT', 'userPoolId must look like region_name.')
  if (typeof config.clientId !== 'string' || config.clientId === '') throw new AuthError('INVALID_INPUT', 'clientId is required.')
  validateTrustPolicy(config.trust)
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const sessionMinutes = config.authSessionMinutes ?? 3
  if (!(timeoutMs > 0 && timeoutMs < 2 ** 31) || !(sessionMinutes > 0 && sessionMinutes <= 60)) {
    throw new AuthError('INVALID_INPUT', 'timeoutMs must be a positive number of milliseconds and authSessionMinutes from 1 to 60.')
  }
  const clock = config.clock
  const deps: AuthDeps = {
    transport: config.transport ?? defaultTransport(),
    target: { region: config.region || (pool[1] as string), endpoint: config.endpoint },
    storage: config.storage ?? memoryStorage(),
    deviceStorage: config.deviceStorage,
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    trust: config.trust,
    deviceName: config.deviceName,
    contextData: config.contextData,
    webAuthn: config.webAuthn,
    now: clock ? () => clock.now() : () => Date.now(),
    timeoutMs,
  }
  return { deps, sessionMs: sessionMinutes * 60_000 }
}

/**
 * The client's actor. The machine as provided is shared by every client on the real clock and the default
 * auth session (most of a client's memory otherwise); a client with its own clock or session length gets its own.
 */
function clientActor(config: AuthClientConfig, deps: AuthDeps, sessionMs: number) {
  const rules = config.clock || sessionMs !== AUTH_SESSION_MS ? clockRules(deps.now, sessionMs) : undefined
  const machine = rules
    ? authMachine.provide({ actors: createAuthActors(deps), guards: rules.guards, delays: rules.delays })
    : sharedMachine()
  const actor = createActor(machine, {
    input: { authFlow: config.authFlow ?? 'USER_SRP_AUTH' },
    ...(actorClock ? { clock: actorClock } : {}),
    ...(config.snapshot ? { snapshot: config.snapshot as never } : {}),
  })
  clientDeps.set(actor.system, deps)
  return actor
}

/** The first snapshot (from now on) of `actor` that `ready` accepts; rejects when the actor stops first. */
function firstSnapshot(actor: Actor<typeof authMachine>, ready: (snapshot: AuthSnapshot) => boolean): Promise<AuthSnapshot> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const snapshot = actor.getSnapshot()
      if (snapshot.status !== 'active') reject(new AuthError('INVALID_STATE', 'The client was stopped.'))
      else if (ready(snapshot)) resolve(snapshot)
      else return
      subscription?.unsubscribe()
    }
    const subscription: { unsubscribe(): void } | undefined = actor.subscribe({ next: check, error: reject, complete: check })
    check()
  })
}

/** Each client's dependencies, by its actor system, for the shared machine's actors. */
const clientDeps = new WeakMap<object, AuthDeps>()
let shared: typeof authMachine | undefined

/** The machine every client on the real clock and the default auth session runs. */
function sharedMachine(): typeof authMachine {
  shared ??= authMachine.provide({ actors: actorsFor((system) => clientDeps.get(system) as AuthDeps) })
  return shared
}

/**
 * The tokens of the signed-in user, after a background task (a refresh) ends; null when signed out. The
 * stored session is checked against the user the view shows: when it is gone or another user's (another
 * tab), the client goes to signedOut and returns nothing.
 */
async function signedInTokens(actor: Actor<typeof authMachine>, sessions: SessionStore, next: () => Promise<AuthView>) {
  if (!(await firstSnapshot(actor, quiet)).hasTag('step:signedIn')) return null
  actor.send({ type: 'CHECK' })
  const view = await next()
  if (view.step !== 'signedIn') return null
  const stored = await sessions.load()
  if (stored?.userId === view.userId) return stored.tokens
  actor.send({ type: 'STORAGE_CHANGED' })
  await next()
  return null
}

/** Why a command is refused at the current step. */
function refusal(name: AuthCommandName, view: AuthView): AuthError {
  if (name === 'signIn' && view.step === 'signedIn') return failure('ALREADY_SIGNED_IN')
  const at = view.step === 'working' || view.step === 'failed' ? `${view.step} (${view.doing})` : view.step
  const why =
    name === 'retry' && 'error' in view && view.error && !view.error.retryable ? ': the error is not one that trying again can fix' : ''
  return new AuthError('INVALID_STATE', `${name}() is not taken at the ${at} step${why}.`)
}
