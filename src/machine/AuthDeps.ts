import type { CognitoTarget, CognitoTransport } from '../cognito/CognitoTransport'
import type { CognitoInput, CognitoOperation, CognitoOutput } from '../cognito/operations'
import { deviceStore, type DeviceStore } from '../device/deviceStore'
import type { TrustPolicy } from '../device/trustPolicy'
import type { AuthStorage, MaybePromise } from '../storage/AuthStorage'
import { AuthError, failure, toAuthError } from '../errors'
import type { WebAuthnAdapter } from '../webauthn/WebAuthnAdapter'
import { own } from '../json'
import { sessionStore, signedOutElsewhere, type SessionStore, type StoredSession } from './sessionStore'

/** What the machine's actors need from the outside world; `createAuthClient` builds it from the config. */
export interface AuthDeps {
  /** How to reach Cognito. */
  transport: CognitoTransport
  /** Region and endpoint. */
  target: CognitoTarget
  /** Where tokens live, and device records unless `deviceStorage` is given. */
  storage: AuthStorage
  /** Where device records live, when not in `storage`. */
  deviceStorage?: AuthStorage | undefined
  /** The user pool id. */
  userPoolId: string
  /** The app client id. */
  clientId: string
  /** The app client secret, for confidential clients. */
  clientSecret?: string | undefined
  /** Trust expiry policy. */
  trust?: TrustPolicy | undefined
  /** `DeviceName` for ConfirmDevice; when undefined, `defaultDeviceName()` (computed only when a device is confirmed). */
  deviceName?: string | undefined
  /** The clock, epoch milliseconds. */
  now: () => number
  /** How long one call to Cognito may take, retries included, in milliseconds. */
  timeoutMs: number
  /** Threat protection's context per request, by user name (`AuthClientConfig.contextData`). */
  contextData?: ((username: string) => MaybePromise<{ encodedData?: string; ipAddress?: string } | undefined>) | undefined
  /** The WebAuthn ceremonies (`AuthClientConfig.webAuthn`); when undefined, the browser's (loaded on first use). */
  webAuthn?: WebAuthnAdapter | undefined
}

/** The operations that take `UserContextData`. */
const CONTEXT_OPERATIONS: ReadonlySet<CognitoOperation> = new Set<CognitoOperation>([
  'InitiateAuth',
  'RespondToAuthChallenge',
  'SignUp',
  'ConfirmSignUp',
  'ResendConfirmationCode',
  'ForgotPassword',
  'ConfirmForgotPassword',
])

/** The user name a request carries, wherever the operation puts it. */
function usernameOf(input: object): string {
  const name =
    own(input, 'Username') ?? own(own(input, 'AuthParameters') ?? {}, 'USERNAME') ?? own(own(input, 'ChallengeResponses') ?? {}, 'USERNAME')
  return typeof name === 'string' ? name : ''
}

/** `input` with `UserContextData` from `deps.contextData` where the operation takes it and the function gives one. */
async function withContext<O extends CognitoOperation>(deps: AuthDeps, operation: O, input: CognitoInput<O>): Promise<CognitoInput<O>> {
  if (!deps.contextData || !CONTEXT_OPERATIONS.has(operation)) return input
  const given = await deps.contextData(usernameOf(input))
  const context = {
    ...(typeof given?.encodedData === 'string' ? { EncodedData: given.encodedData } : {}),
    ...(typeof given?.ipAddress === 'string' ? { IpAddress: given.ipAddress } : {}),
  }
  return Object.keys(context).length ? { ...input, UserContextData: context } : input
}

/** Deps with the stores and helpers the actors share. */
export interface ActorKit extends AuthDeps {
  /**
   * Aborted when the machine stops the actor (CANCEL, or leaving the state that invoked it): the call in
   * flight is aborted, from then on `call` sends nothing and no tokens are stored, so a late answer
   * changes nothing.
   */
  signal?: AbortSignal | undefined
  /** Device records. */
  devices: DeviceStore
  /** The signed-in session. */
  sessions: SessionStore
  /**
   * Sends one operation through the transport to the configured target, with an abort signal that fires
   * when the actor stops or after `timeoutMs` (then a retryable `NETWORK_ERROR`). A transport that ignores
   * the signal cannot hang the client: the call stops waiting for it.
   */
  call<O extends CognitoOperation>(operation: O, input: CognitoInput<O>): Promise<CognitoOutput<O>>
  /**
   * The signed-in session of `userId` from storage; `NOT_SIGNED_IN` when there is none or it is another
   * user's (another tab signed out, or in as someone else): a client never acts on someone else's session.
   */
  signedIn(userId: string): Promise<StoredSession>
  /**
   * Writes a device's trust deadline (or, with `until` null, its removal) into the trust attribute when
   * the policy names one (UpdateUserAttributes), and keeps the value written with the session.
   */
  recordTrust(session: StoredSession, deviceKey: string, until: number | null): Promise<void>
  /** Runs a call that presents a device key; on `Device does not exist.` drops that local record, then rethrows. */
  presenting<T>(device: { userId: string | null; deviceKey: string | null }, task: () => Promise<T>): Promise<T>
}

/** The stores of each client's deps, made once (every actor run of the client shares them). */
const storesOf = new WeakMap<AuthDeps, { devices: DeviceStore; sessions: SessionStore }>()

/** Builds the shared kit from deps, for one actor run when `signal` is given. */
export function actorKit(deps: AuthDeps, signal?: AbortSignal): ActorKit {
  let stores = storesOf.get(deps)
  if (!stores) {
    const scope = { userPoolId: deps.userPoolId, clientId: deps.clientId }
    stores = { devices: deviceStore(deps.deviceStorage ?? deps.storage, scope), sessions: sessionStore(deps.storage, scope) }
    storesOf.set(deps, stores)
  }
  const { devices, sessions } = stores
  const call: ActorKit['call'] = (operation, input) =>
    new Promise((resolve, reject) => {
      signal?.throwIfAborted()
      const controller = new AbortController()
      const stop = (error: AuthError) => {
        controller.abort(error)
        reject(error)
      }
      const timer = setTimeout(
        () => stop(failure('NETWORK_ERROR', { name: 'TimeoutError', message: `${operation}: no answer within ${deps.timeoutMs} ms` })),
        deps.timeoutMs,
      )
      const cancelled = () => stop(new AuthError('UNKNOWN', 'The request was cancelled.'))
      signal?.addEventListener('abort', cancelled)
      withContext(deps, operation, input)
        .then((sent) => deps.transport.send(operation, sent, deps.target, { signal: controller.signal }))
        .then(resolve, reject)
        .finally(() => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', cancelled)
        })
    })
  const kit: ActorKit = {
    ...deps,
    signal,
    devices,
    sessions,
    call,
    async presenting(device, task) {
      try {
        return await task()
      } catch (thrown) {
        const error = toAuthError(thrown)
        if (error.code === 'STALE_DEVICE' && device.userId && device.deviceKey) await devices.remove(device.userId, device.deviceKey)
        throw error
      }
    },
    async signedIn(userId) {
      const session = await sessions.load()
      if (session?.userId !== userId) throw signedOutElsewhere()
      return session
    },
    async recordTrust(session, deviceKey, until) {
      const name = deps.trust?.attribute
      if (!name) return
      try {
        const { writeTrust } = await import('../device/writeTrust')
        await writeTrust(call, name, deps.now(), session, deviceKey, until)
      } catch {
        // the attribute only ever shortens a deadline (the sweep decides from the device's date): an entry
        // not written costs nothing, so it never fails the step that remembers or forgets a device
      }
    },
  }
  return kit
}
