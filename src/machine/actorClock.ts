/** The timer functions xstate's `createActor` takes as `clock`. */
export interface ActorClock {
  /** Schedules `fn` after `ms` milliseconds. */
  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown
  /** Cancels a scheduled call. */
  clearTimeout(id: unknown): void
}

/**
 * Node's timers, unreferenced: the machine's timers (token refresh, trust deadline) must not keep a Node
 * process alive on their own. The browser build has none (`actorClock.browser.ts`): xstate's default
 * timers are right there.
 */
export const actorClock: ActorClock | undefined = {
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms)
    ;(timer as { unref?: () => void }).unref?.()
    return timer
  },
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
}
