import type { CognitoTarget, CognitoTransport } from '../cognito/CognitoTransport'
import type { AuthChallengeResponse, CognitoInput, CognitoOperation, CognitoOutput } from '../cognito/operations'
import { deviceStore, type DeviceStore } from '../device/deviceStore'
import type { TrustPolicy } from '../device/trustPolicy'
import type { AuthStorage } from '../storage/AuthStorage'
import { AuthError, toAuthError } from '../errors'
import { updateTrustAttribute } from '../device/trustMap'
import { jwtClaims } from './jwtClaims'
import { secretHash } from '../srp/index'
import { sessionStore, type SessionStore, type StoredSession } from './sessionStore'

/** What the machine's actors need from the outside world; {@link createAuthClient} builds it from the config. */
export interface AuthDeps {
  /** How to reach Cognito. */
  transport: CognitoTransport
  /** Region and endpoint. */
  target: CognitoTarget
  /** Where device records and tokens live. */
  storage: AuthStorage
  /** The user pool id. */
  userPoolId: string
  /** The app client id. */
  clientId: string
  /** The app client secret, for confidential clients. */
  clientSecret?: string | undefined
  /** Trust expiry policy. */
  trust?: TrustPolicy | undefined
  /** `DeviceName` for ConfirmDevice. */
  deviceName: string
  /** The clock, epoch milliseconds. */
  now: () => number
}

/** Deps with the stores and helpers the actors share. */
export interface ActorKit extends AuthDeps {
  /**
   * Aborted when the machine stops the actor (CANCEL, or leaving the state that invoked it): from then
   * on `call` sends nothing and no tokens are stored, so a late answer changes nothing.
   */
  signal?: AbortSignal | undefined
  /** Device records. */
  devices: DeviceStore
  /** The signed-in session. */
  sessions: SessionStore
  /** Sends one operation through the transport to the configured target. */
  call<O extends CognitoOperation>(operation: O, input: CognitoInput<O>): Promise<CognitoOutput<O>>
  /** `{ SECRET_HASH }` for a username when the client has a secret, else `{}`. */
  hashFor(username: string): Promise<Record<string, string>>
  /** RespondToAuthChallenge with the client id, the session (when there is one) and the SECRET_HASH of `USERNAME`. */
  answer(
    challengeName: string,
    session: string | null | undefined,
    responses: { USERNAME: string } & Record<string, string>,
  ): Promise<AuthChallengeResponse>
  /** The signed-in session from storage; `NOT_SIGNED_IN` when there is none. */
  signedIn(): Promise<StoredSession>
  /** A new {@link AuthError}, for the exchanges loaded on first use, which import nothing at run time. */
  error(...args: ConstructorParameters<typeof AuthError>): AuthError
  /**
   * Writes a device's trust deadline (or, with `until` null, its removal) into the trust attribute when
   * the policy names one (UpdateUserAttributes), and keeps the value written with the session.
   */
  recordTrust(session: StoredSession, deviceKey: string, until: number | null): Promise<void>
  /** Runs a call that presents a device key; on `Device does not exist.` drops that local record, then rethrows. */
  presenting<T>(device: { userId: string | null; deviceKey: string | null }, task: () => Promise<T>): Promise<T>
}

/** Builds the shared kit from deps, for one actor run when `signal` is given. */
export function actorKit(deps: AuthDeps, signal?: AbortSignal): ActorKit {
  const scope = { userPoolId: deps.userPoolId, clientId: deps.clientId }
  const devices = deviceStore(deps.storage, scope)
  const sessions = sessionStore(deps.storage, scope)
  const call: ActorKit['call'] = async (operation, input) => {
    signal?.throwIfAborted()
    return deps.transport.send(operation, input, deps.target)
  }
  const hashFor = async (username: string): Promise<Record<string, string>> =>
    deps.clientSecret ? { SECRET_HASH: await secretHash({ clientId: deps.clientId, clientSecret: deps.clientSecret, username }) } : {}
  return {
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
    hashFor,
    error: (...args) => new AuthError(...args),
    async signedIn() {
      const session = await sessions.load()
      if (!session) throw new AuthError('NOT_SIGNED_IN', 'no signed-in session in storage')
      return session
    },
    async recordTrust(session, deviceKey, until) {
      const name = deps.trust?.attribute
      if (!name) return
      const claim = jwtClaims(session.tokens.idToken)[name]
      const value = updateTrustAttribute(session.trustAttribute ?? (typeof claim === 'string' ? claim : undefined), deviceKey, until)
      await call('UpdateUserAttributes', { AccessToken: session.tokens.accessToken, UserAttributes: [{ Name: name, Value: value }] })
      await sessions.save({ ...session, trustAttribute: value })
    },
    answer: async (ChallengeName, session, responses) =>
      call('RespondToAuthChallenge', {
        ClientId: deps.clientId,
        ChallengeName,
        ...(session ? { Session: session } : {}),
        ChallengeResponses: { ...responses, ...(await hashFor(responses.USERNAME)) },
      }),
  }
}
