import { createActor, type Actor, type Snapshot } from 'xstate'
import type { AuthCommands, AuthView } from './AuthView'
import { defaultTransport } from './cognito/defaultTransport'
import type { CognitoTransport } from './cognito/CognitoTransport'
import { commands, connect, type AuthSnapshot } from './connect'
import { defaultDeviceName } from './device/deviceName'
import { validateTrustPolicy, type TrustPolicy } from './device/trustPolicy'
import { AuthError } from './errors'
import { createAuthActors } from './machine/authActors'
import { actorClock } from './machine/actorClock'
import { authMachine } from './machine/authMachine'
import { clockRules } from './machine/clockRules'
import { sessionStore, type AuthTokens } from './machine/sessionStore'
import type { AuthEvent, AuthFlow, ListedDevice, MfaType } from './machine/types'
import type { AuthStorage } from './storage/AuthStorage'
import { memoryStorage } from './storage/memoryStorage'
import { POOL_ID } from './srp/claim'

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
  /** Where device records and tokens live; default {@link memoryStorage}. */
  storage?: AuthStorage
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
}

/** A sign-in client: the machine, wired to a transport, storage and clock, with named commands. */
export interface AuthClient {
  /** Starts the machine (restores a stored session or the given snapshot). Commands start it too. */
  start(): AuthClient
  /** Stops the machine and its timers. */
  stop(): void
  /** The current view (the same object until the state changes). */
  getView(): AuthView
  /** Calls `listener` with each new view; returns an unsubscribe function. */
  subscribe(listener: (view: AuthView) => void): () => void
  /** A JSON-safe snapshot to restore later with `snapshot`; never holds a password, secret or token. */
  getPersistedSnapshot(): PersistedAuthSnapshot
  /** The XState actor, for inspection. */
  readonly actor: Actor<typeof authMachine>
  /** Starts sign-in; resolves with the next view that is not `working`. */
  signIn(input: { username: string; password?: string }): Promise<AuthView>
  /** Answers an MFA code step. */
  submitCode(code: string): Promise<AuthView>
  /** Chooses an MFA method. */
  selectMfa(type: MfaType): Promise<AuthView>
  /** Confirms TOTP enrolment with the first code. */
  confirmTotpSetup(code: string): Promise<AuthView>
  /** Sets a new password (NEW_PASSWORD_REQUIRED). */
  submitNewPassword(input: { password: string; attributes?: Record<string, string> }): Promise<AuthView>
  /** Answers a custom challenge. */
  answerCustomChallenge(answer: string): Promise<AuthView>
  /** Answers "remember this device?" (or changes it while signed in). */
  rememberDevice(remember: boolean): Promise<AuthView>
  /** Signs out locally (RevokeToken) or everywhere (`global: true`, GlobalSignOut). */
  signOut(options?: { global?: boolean }): Promise<AuthView>
  /** Forgets this device, or another of the user's devices. */
  forgetDevice(deviceKey?: string): Promise<AuthView>
  /** Lists the user's remembered devices. @throws {@link AuthError} when listing fails. */
  listDevices(): Promise<ListedDevice[]>
  /** Refreshes the tokens now. */
  refresh(): Promise<AuthView>
  /** Returns to the step that failed. */
  retry(): Promise<AuthView>
  /** Leaves the current step. */
  cancel(): Promise<AuthView>
  /** The current tokens (refreshed first when close to expiry), or null when signed out. */
  getTokens(): Promise<AuthTokens | null>
}

function settled(snapshot: AuthSnapshot): boolean {
  if (snapshot.status !== 'active') return true
  const view = connect(snapshot, () => undefined)
  return view.step !== 'working' && !(view.step === 'signedIn' && view.busy !== null)
}

/**
 * Creates a sign-in client for one user pool and app client. Several clients (pools) can live side by
 * side; there is no global state.
 *
 * @param config - pool, client, transport, storage, trust policy, clock
 * @throws {@link AuthError} `INVALID_INPUT` for a malformed pool id, client id or trust policy
 * @example
 * ```ts
 * const client = createAuthClient({ userPoolId: 'us-east-1_AbC123', clientId: 'abc', transport: fetchTransport(), trust: { days: 30 } })
 * client.subscribe((view) => render(view))
 * let view = await client.signIn({ username: 'ana', password })
 * if (view.step === 'mfaCode') view = await client.submitCode('123456')
 * if (view.step === 'rememberDevice') view = await client.rememberDevice(true)
 * ```
 */
export function createAuthClient(config: AuthClientConfig): AuthClient {
  const pool = POOL_ID.exec(config.userPoolId)
  if (!pool) throw new AuthError('INVALID_INPUT', 'userPoolId must look like region_name')
  const region = config.region || pool[1]!
  if (typeof config.clientId !== 'string' || config.clientId === '') throw new AuthError('INVALID_INPUT', 'clientId is required')
  validateTrustPolicy(config.trust)
  const now = config.clock ? () => config.clock!.now() : () => Date.now()
  const storage = config.storage ?? memoryStorage()
  const transport = config.transport ?? defaultTransport()
  const rules = clockRules(now)
  const machine = authMachine.provide({
    actors: createAuthActors({
      transport,
      target: { region, endpoint: config.endpoint },
      storage,
      userPoolId: config.userPoolId,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      trust: config.trust,
      deviceName: config.deviceName ?? defaultDeviceName(),
      now,
    }),
    guards: rules.guards,
    delays: rules.delays,
  })
  const actor = createActor(machine, {
    input: { authFlow: config.authFlow ?? 'USER_SRP_AUTH' },
    ...(actorClock ? { clock: actorClock } : {}),
    ...(config.snapshot ? { snapshot: config.snapshot as never } : {}),
  })
  const sessions = sessionStore(storage, { userPoolId: config.userPoolId, clientId: config.clientId })
  const send = (event: AuthEvent) => actor.send(event)
  const trustDays = config.trust?.days
  let started = false
  let cached: { snapshot: AuthSnapshot; view: AuthView } | undefined

  function getView(): AuthView {
    const snapshot = actor.getSnapshot()
    if (cached?.snapshot !== snapshot) cached = { snapshot, view: connect(snapshot, send, trustDays ? { trustDays } : {}) }
    return cached.view
  }
  function ensureStarted() {
    if (!started) {
      started = true
      actor.start()
    }
  }
  /** The next settled view; rejects when the actor fails or stops first (as xstate's `waitFor`). */
  function next(): Promise<AuthView> {
    return new Promise((resolve, reject) => {
      const check = () => settled(actor.getSnapshot()) && (subscription.unsubscribe(), resolve(getView()))
      const subscription = actor.subscribe({
        next: check,
        error: reject,
        complete: () => reject(new AuthError('UNKNOWN', 'the client was stopped')),
      })
      check()
    })
  }
  async function command(fire: () => void): Promise<AuthView> {
    ensureStarted()
    await next()
    fire()
    return next()
  }
  // Each command of the view, as a client method that starts the machine and resolves with the next settled view.
  const wrapped = Object.fromEntries(
    Object.entries(commands(send)).map(([name, fire]) => [
      name,
      (...args: unknown[]) => command(() => (fire as (...a: unknown[]) => void)(...args)),
    ]),
  ) as { [K in keyof AuthCommands]: (...args: Parameters<AuthCommands[K]>) => Promise<AuthView> }

  const client: AuthClient = {
    ...wrapped,
    start() {
      ensureStarted()
      return client
    },
    stop() {
      actor.stop()
    },
    getView,
    subscribe(listener) {
      let last: AuthView | undefined
      const subscription = actor.subscribe(() => {
        const view = getView()
        if (view !== last) {
          last = view
          listener(view)
        }
      })
      return () => subscription.unsubscribe()
    },
    getPersistedSnapshot: () => actor.getPersistedSnapshot() as PersistedAuthSnapshot,
    actor,
    async listDevices() {
      const view = await wrapped.listDevices()
      if (view.step === 'signedIn') return view.devices ?? []
      if (view.step === 'error') throw view.error
      throw new AuthError('NOT_SIGNED_IN', 'not signed in')
    },
    async getTokens() {
      const view = await command(() => send({ type: 'CHECK' }))
      // each load parses storage afresh, so the caller gets its own object
      return view.step === 'signedIn' ? ((await sessions.load())?.tokens ?? null) : null
    },
  }
  return client
}
