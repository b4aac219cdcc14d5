import { fromPromise, type InputFrom, type OutputFrom } from 'xstate'
import type { Concealed } from '../concealed'
import type { DeviceSummary } from '../device/DeviceRecord'
import { AuthError } from '../errors'
import { actorKit, type ActorKit, type AuthDeps } from './AuthDeps'
import { deviceAuth, respond, startAuth, type RespondInput, type StartAuthInput } from './authExchange'
import {
  confirmDevice,
  forgetDevice,
  forgetExpiredDevice,
  listDevices,
  setDeviceStatus,
  type ConfirmDeviceInput,
  type ConfirmDeviceOutput,
  type ForgetDeviceOutput,
  type SetDeviceStatusInput,
} from './deviceExchange'
import { clearSession, loadDevice, refreshSession, restoreSession, signOut, type LoadDeviceOutput, type RestoreSessionOutput } from './sessionExchange'
import { associateTotp, verifyTotp } from './totpExchange'
import type { AuthAnswer, ExchangeInput, ListedDevice, SessionInfo } from './types'

/** Input of the `loadDevice` actor: the password only passes through, concealed, to the SRP step. */
export interface LoadDeviceInput {
  /** What the user typed. */
  username: string
  /** The concealed password, handed on in the output. */
  password?: Concealed | undefined
}

/** Output of the `loadDevice` actor. */
export type LoadDeviceActorOutput = LoadDeviceOutput & { password?: Concealed | undefined }

function notProvided(name: string): never {
  throw new AuthError('UNKNOWN', `actor ${name} is not provided; use createAuthClient() or authMachine.provide()`)
}

function stub<O, I>(name: string) {
  return fromPromise<O, I>(async () => notProvided(name))
}

/**
 * The machine's effects, one `fromPromise` actor each. These defaults only throw: the client provides
 * {@link createAuthActors}, and tests provide their own through `authMachine.provide({ actors })`.
 */
export const authActorStubs = {
  restoreSession: stub<RestoreSessionOutput | null, Record<string, never>>('restoreSession'),
  loadDevice: stub<LoadDeviceActorOutput, LoadDeviceInput>('loadDevice'),
  startAuth: stub<AuthAnswer, StartAuthInput>('startAuth'),
  respond: stub<AuthAnswer, RespondInput>('respond'),
  deviceAuth: stub<AuthAnswer, ExchangeInput>('deviceAuth'),
  associateTotp: stub<{ secretCode: string; session: string | null }, { session: string | null }>('associateTotp'),
  verifyTotp: stub<AuthAnswer, ExchangeInput & { code: string }>('verifyTotp'),
  confirmDevice: stub<ConfirmDeviceOutput, ConfirmDeviceInput>('confirmDevice'),
  setDeviceStatus: stub<DeviceSummary, SetDeviceStatusInput>('setDeviceStatus'),
  forgetExpiredDevice: stub<void, { deviceKey: string }>('forgetExpiredDevice'),
  refreshSession: stub<SessionInfo, Record<string, never>>('refreshSession'),
  signOut: stub<void, { global: boolean }>('signOut'),
  clearSession: stub<void, Record<string, never>>('clearSession'),
  forgetDevice: stub<ForgetDeviceOutput, { deviceKey: string | null }>('forgetDevice'),
  listDevices: stub<ListedDevice[], Record<string, never>>('listDevices'),
}

/** The actor implementations the machine needs, as `machine.provide({ actors })` takes them. */
export type AuthActors = typeof authActorStubs

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
  const kit = actorKit(deps)
  return Object.fromEntries(
    Object.entries(EXCHANGES).map(([name, run]) => [name, fromPromise(({ input }) => run(kit, input as never))]),
  ) as unknown as AuthActors
}

/** What each actor does, given the shared kit and the actor's input. */
const EXCHANGES: { [K in keyof AuthActors]: (kit: ActorKit, input: InputFrom<AuthActors[K]>) => Promise<OutputFrom<AuthActors[K]>> } = {
  restoreSession,
  loadDevice: async (kit, input) => ({ ...(await loadDevice(kit, input)), password: input.password }),
  startAuth,
  respond,
  deviceAuth,
  associateTotp,
  verifyTotp,
  confirmDevice,
  setDeviceStatus,
  forgetExpiredDevice,
  refreshSession,
  signOut,
  clearSession,
  forgetDevice,
  listDevices,
}
