import type { Input } from '../input'
import type { LocalState } from '../store/LocalState'

/** What every operation gets besides its input. @internal */
export interface OpContext {
  state: LocalState
  /** The caller's IP address. */
  ip: string
  /** The caller's User-Agent (becomes `dev:device_sdk`). */
  userAgent: string
}

/** One API operation: input in, JSON out, or a thrown CognitoError. @internal */
export type Operation = (ctx: OpContext, input: Input) => Promise<Record<string, unknown>> | Record<string, unknown>

/** Epoch seconds, as the wire wants timestamps. @internal */
export const seconds = (ms: number): number => Math.floor(ms / 1000)
