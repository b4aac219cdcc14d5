import { fromPromise } from 'xstate'
import type { Concealed } from '../concealed'
import type { DeviceSummary } from '../device/DeviceRecord'
import { AuthError } from '../errors'
import { actorKit, type AuthDeps } from './AuthDeps'
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

/**
 * The machine's effects, one `fromPromise` actor each. These defaults only throw: the client provides
 * {@link createAuthActors}, and tests provide their own through `authMachine.provide({ actors })`.
 */
export const authActorStubs = {
  restoreSession: fromPromise<RestoreSessionOutput | null, Record<string, never>>(async () => notProvided('restoreSession')),
  loadDevice: fromPromise<LoadDeviceActorOutput, LoadDeviceInput>(async () => notProvided('loadDevice')),
  startAuth: fromPromise<AuthAnswer, StartAuthInput>(async () => notProvided('startAuth')),
  respond: fromPromise<AuthAnswer, RespondInput>(async () => notProvided('respond')),
  deviceAuth: fromPromise<AuthAnswer, ExchangeInput>(async () => notProvided('deviceAuth')),
  associateTotp: fromPromise<{ secretCode: string; session: string | null }, { session: string | null }>(async () => notProvided('associateTotp')),
  verifyTotp: fromPromise<AuthAnswer, ExchangeInput & { code: string }>(async () => notProvided('verifyTotp')),
  confirmDevice: fromPromise<ConfirmDeviceOutput, ConfirmDeviceInput>(async () => notProvided('confirmDevice')),
  setDeviceStatus: fromPromise<DeviceSummary, SetDeviceStatusInput>(async () => notProvided('setDeviceStatus')),
  forgetExpiredDevice: fromPromise<void, { deviceKey: string }>(async () => notProvided('forgetExpiredDevice')),
  refreshSession: fromPromise<SessionInfo, Record<string, never>>(async () => notProvided('refreshSession')),
  signOut: fromPromise<void, { global: boolean }>(async () => notProvided('signOut')),
  clearSession: fromPromise<void, Record<string, never>>(async () => notProvided('clearSession')),
  forgetDevice: fromPromise<ForgetDeviceOutput, { deviceKey: string | null }>(async () => notProvided('forgetDevice')),
  listDevices: fromPromise<ListedDevice[], Record<string, never>>(async () => notProvided('listDevices')),
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
  return {
    restoreSession: fromPromise(() => restoreSession(kit)),
    loadDevice: fromPromise(async ({ input }) => ({ ...(await loadDevice(kit, input)), password: input.password })),
    startAuth: fromPromise(({ input }) => startAuth(kit, input)),
    respond: fromPromise(({ input }) => respond(kit, input)),
    deviceAuth: fromPromise(({ input }) => deviceAuth(kit, input)),
    associateTotp: fromPromise(({ input }) => associateTotp(kit, input)),
    verifyTotp: fromPromise(({ input }) => verifyTotp(kit, input)),
    confirmDevice: fromPromise(({ input }) => confirmDevice(kit, input)),
    setDeviceStatus: fromPromise(({ input }) => setDeviceStatus(kit, input)),
    forgetExpiredDevice: fromPromise(({ input }) => forgetExpiredDevice(kit, input)),
    refreshSession: fromPromise(() => refreshSession(kit)),
    signOut: fromPromise(({ input }) => signOut(kit, input)),
    clearSession: fromPromise(() => clearSession(kit)),
    forgetDevice: fromPromise(({ input }) => forgetDevice(kit, input)),
    listDevices: fromPromise(() => listDevices(kit)),
  }
}
