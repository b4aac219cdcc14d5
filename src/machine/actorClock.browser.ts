import type { ActorClock } from './actorClock'

/** The browser build's stand-in for `actorClock.ts`: xstate's default timers. */
export const actorClock: ActorClock | undefined = undefined
