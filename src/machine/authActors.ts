import { fromPromise, type InputFrom, type OutputFrom, type PromiseActorLogic } from 'xstate'
import type { DeviceSummary } from '../device/DeviceRecord'
import { notLoaded } from '../errors'
import { actorKit, type ActorKit, type AuthDeps } from './AuthDeps'
import type { RespondInput, StartAuthInput, StartAuthOutput } from './authExchange'
import type { ConfirmDeviceInput, ConfirmDeviceOutput, SetDeviceStatusInput } from './deviceExchange'
import { clearSession, restoreSession, type RestoreSessionOutput } from './sessionExchange'
import type { AuthAnswer, ExchangeInput, SessionInfo, TaskInput, TaskResult } from './types'

/** The actor implementations the machine needs, as `machine.provide({ actors })` takes them. */
export type AuthActors = {
  /** Reads the stored session: at start any user's, later only the signed-in user's. */
  restoreSession: PromiseActorLogic<RestoreSessionOutput | null, { userId: string | null }>
  /** The device record, InitiateAuth and the password verifier. */
  startAuth: PromiseActorLogic<StartAuthOutput, StartAuthInput>
  /** Answers a user-facing challenge (and MFA_SETUP once the code is verified). */
  respond: PromiseActorLogic<AuthAnswer, RespondInput>
  /** Device SRP. */
  deviceAuth: PromiseActorLogic<AuthAnswer, ExchangeInput>
  /** AssociateSoftwareToken. */
  associateTotp: PromiseActorLogic<{ secretCode: string; session: string | null; at: number }, { session: string | null }>
  /** VerifySoftwareToken: resolves with the session that answers MFA_SETUP. */
  verifyTotp: PromiseActorLogic<string | null, ExchangeInput & { code: string }>
  /** ConfirmDevice. */
  confirmDevice: PromiseActorLogic<ConfirmDeviceOutput, ConfirmDeviceInput>
  /** UpdateDeviceStatus. */
  setDeviceStatus: PromiseActorLogic<DeviceSummary, SetDeviceStatusInput>
  /** GetDevice: whether Cognito still holds the presented device remembered (false on any failure). */
  deviceRemembered: PromiseActorLogic<boolean, { userId: string; deviceKey: string }>
  /** ForgetDevice for a device whose trust expired. */
  forgetExpiredDevice: PromiseActorLogic<void, { userId: string; deviceKey: string }>
  /** A task of the signed-in session (refresh, trust expiry, remember, forget, list): what it changes. */
  signedInTask: PromiseActorLogic<TaskResult, TaskInput>
  /** RevokeToken or GlobalSignOut. */
  signOut: PromiseActorLogic<void, { global: boolean; userId: string }>
  /** Removes the tokens a sign-in stored, if they are still there. */
  clearSession: PromiseActorLogic<void, { session: SessionInfo | null }>
}

/**
 * The real effects: Cognito calls through the transport, SRP work, storage reads and writes.
 *
 * @param deps - transport, storage, clock and pool settings
 * @example
 * ```ts
 * import { fetchTransport, memoryStorage } from 'cognito-auth-machine'
 * import { authMachine, createAuthActors, type AuthDeps } from 'cognito-auth-machine/machine'
 *
 * const deps: AuthDeps = {
 *   transport: fetchTransport(),
 *   target: { region: 'eu-west-1' },
 *   storage: memoryStorage(),
 *   userPoolId: 'eu-west-1_AbC123',
 *   clientId: '4example',
 *   now: () => Date.now(),
 *   timeoutMs: 30_000,
 * }
 * const machine = authMachine.provide({ actors: createAuthActors(deps) })
 * ```
 */
export function createAuthActors(deps: AuthDeps): AuthActors {
  return actorsFor(() => deps)
}

/**
 * The actors, taking their dependencies from the actor system they run in: one provided machine then
 * serves every client (each `createActor` has its own system), instead of a machine per client.
 *
 * @param depsOf - the dependencies of the client whose actor runs in `system`
 * @internal
 */
export function actorsFor(depsOf: (system: object) => AuthDeps): AuthActors {
  return Object.fromEntries(
    Object.entries(EXCHANGES).map(([name, run]) => [
      name,
      fromPromise(({ input, signal, system }) => run(actorKit(depsOf(system), signal), input as never)),
    ]),
  ) as unknown as AuthActors
}

/** What the actor `K` does, given the shared kit and its input. */
type Exchange<K extends keyof AuthActors> = (kit: ActorKit, input: InputFrom<AuthActors[K]>) => Promise<OutputFrom<AuthActors[K]>>

/**
 * An exchange whose module is imported on first use. The first screen (restoring a session, the sign-in
 * form) needs none of them: the sign-in exchanges (SRP, device SRP, challenge answers) are fetched when the
 * client starts ({@link preloadSignIn}), the rest (device confirmation, enrolment, the signed-in session's
 * tasks) when they are first needed. A module that cannot be fetched (offline) is a retryable
 * `NETWORK_ERROR`, and is fetched again on the next try.
 */
function later<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] {
  let loaded: M | undefined
  return (async (kit: ActorKit, input: unknown) => {
    // once loaded, the module is used directly (another import() of it would still cost a trip through the loader)
    const module =
      loaded ??
      (loaded = await load().catch((error: unknown) => {
        throw notLoaded(error)
      }))
    return (module[name] as (kit: ActorKit, input: unknown) => unknown)(kit, input)
  }) as M[K]
}

const exchanges = () => import('./authExchange')
const deviceTasks = () => import('./deviceExchange')
const totp = () => import('./totpExchange')
const signedIn = () => import('./signedInTasks')
const sessionTasks = () => import('./sessionTasks')

/**
 * Starts fetching the sign-in exchanges, so that a person who types a password never waits for them
 * (the client calls it when it starts; a failure is ignored here and met again, typed, on first use).
 */
export function preloadSignIn(): void {
  exchanges().catch(() => undefined)
}

/** What each actor does, given the shared kit and the actor's input. */
const EXCHANGES: { [K in keyof AuthActors]: Exchange<K> } = {
  restoreSession,
  startAuth: later(exchanges, 'startAuth'),
  respond: later(exchanges, 'respond'),
  deviceAuth: later(exchanges, 'deviceAuth'),
  associateTotp: later(totp, 'associateTotp'),
  verifyTotp: later(totp, 'verifySoftwareToken'),
  confirmDevice: later(deviceTasks, 'confirmDevice'),
  setDeviceStatus: later(deviceTasks, 'setDeviceStatus'),
  deviceRemembered: later(deviceTasks, 'isRemembered'),
  forgetExpiredDevice: later(sessionTasks, 'forgetExpiredDevice'),
  signedInTask: later(signedIn, 'signedInTask'),
  signOut: later(sessionTasks, 'signOut'),
  clearSession,
}
