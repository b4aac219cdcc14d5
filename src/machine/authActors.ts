import { fromPromise, type InputFrom, type OutputFrom, type PromiseActorLogic } from 'xstate'
import type { DeviceSummary } from '../device/DeviceRecord'
import { AuthError, causeOf } from '../errors'
import { actorKit, type ActorKit, type AuthDeps } from './AuthDeps'
import { deviceAuth, respond, startAuth, type RespondInput, type StartAuthInput, type StartAuthOutput } from './authExchange'
import {
  confirmDevice,
  forgetExpiredDevice,
  setDeviceStatus,
  type ConfirmDeviceInput,
  type ConfirmDeviceOutput,
  type SetDeviceStatusInput,
} from './deviceExchange'
import type { ForgetDeviceOutput } from './deviceManagement'
import { clearSession, refreshSession, restoreSession, signOut, type RestoreSessionOutput } from './sessionExchange'
import type { AuthAnswer, ExchangeInput, ListedDevice, SessionInfo } from './types'

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
  /** ForgetDevice for a device whose trust expired. */
  forgetExpiredDevice: PromiseActorLogic<void, { userId: string; deviceKey: string }>
  /** REFRESH_TOKEN_AUTH, under the storage's session lock. */
  refreshSession: PromiseActorLogic<SessionInfo, { userId: string; issuedAt: number }>
  /** RevokeToken or GlobalSignOut. */
  signOut: PromiseActorLogic<void, { global: boolean; userId: string }>
  /** Removes the tokens a sign-in stored, if they are still there. */
  clearSession: PromiseActorLogic<void, { session: SessionInfo | null }>
  /** ForgetDevice while signed in. */
  forgetDevice: PromiseActorLogic<ForgetDeviceOutput, { userId: string; deviceKey: string | null }>
  /** ListDevices. */
  listDevices: PromiseActorLogic<ListedDevice[], { userId: string }>
}

/**
 * The real effects: Cognito calls through the transport, SRP work, storage reads and writes.
 *
 * @param deps - transport, storage, clock and pool settings
 * @example
 * ```ts
 * const machine = authMachine.provide({ actors: createAuthActors(deps) })
 * ```
 */
export function createAuthActors(deps: AuthDeps): AuthActors {
  return Object.fromEntries(
    Object.entries(EXCHANGES).map(([name, run]) => [name, fromPromise(({ input, signal }) => run(actorKit(deps, signal), input as never))]),
  ) as unknown as AuthActors
}

/** What the actor `K` does, given the shared kit and its input. */
type Exchange<K extends keyof AuthActors> = (kit: ActorKit, input: InputFrom<AuthActors[K]>) => Promise<OutputFrom<AuthActors[K]>>

/**
 * An exchange whose module is imported on first use: TOTP enrolment and the signed-in device list and
 * forget, which a sign-in with device trust never needs, stay out of the code an app loads up front.
 * A module that cannot be fetched (offline) is a retryable `NETWORK_ERROR`.
 */
function later<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] {
  return (async (kit: ActorKit, input: unknown) => {
    const module = await load().catch((error: unknown) => {
      throw new AuthError('NETWORK_ERROR', 'Part of the sign-in code could not be loaded. Check the connection and try again.', {
        cause: causeOf(error),
      })
    })
    return (module[name] as (kit: ActorKit, input: unknown) => unknown)(kit, input)
  }) as M[K]
}

const totp = () => import('./totpExchange')
const management = () => import('./deviceManagement')

/** What each actor does, given the shared kit and the actor's input. */
const EXCHANGES: { [K in keyof AuthActors]: Exchange<K> } = {
  restoreSession,
  startAuth,
  respond,
  deviceAuth,
  associateTotp: later(totp, 'associateTotp'),
  verifyTotp: later(totp, 'verifySoftwareToken'),
  confirmDevice,
  setDeviceStatus,
  forgetExpiredDevice,
  refreshSession,
  signOut,
  clearSession,
  forgetDevice: later(management, 'forgetDevice'),
  listDevices: later(management, 'listDevices'),
}
