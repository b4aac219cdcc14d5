/**
 * The server's clock: real time plus whatever {@link LocalClock.advance} added. Sessions, codes, tokens
 * and device dates all read it, so a test can expire any of them without waiting.
 */
export interface LocalClock {
  /** The server's time, in epoch milliseconds. */
  now(): number
  /** Moves the server's time forward by `ms` milliseconds (negative values move it back). */
  advance(ms: number): void
}

/** A clock over `Date.now()` with an adjustable offset. @internal */
export function createClock(): LocalClock {
  let offset = 0
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new TypeError('clock.advance(ms) needs a finite number')
      offset += ms
    },
  }
}
