import { CognitoError } from '../errors'
import { noteChallenge } from '../events'
import type { OpContext } from '../ops/types'
import type { AppClient, AuthSession, User, UserPool } from '../store/types'
import { acceptDeviceKey } from './devices'
import { wrongAnswer } from './sessions'

/** Everything a challenge handler needs. @internal */
export interface Step {
  ctx: OpContext
  pool: UserPool
  client: AppClient
  session: AuthSession
  user: User
  responses: Record<string, string>
  clientMetadata: Record<string, string>
}

/** Answers one ChallengeName of RespondToAuthChallenge. @internal */
export type Handler = (step: Step) => Promise<Record<string, unknown>> | Record<string, unknown>

/** Checks a DEVICE_KEY in an answer; an unknown one counts as a wrong answer and leaves the session for a retry. @internal */
export function checkDeviceKey(step: Step, key: string): string | undefined {
  try {
    return acceptDeviceKey(step.ctx.state, step.pool, step.user, key)
  } catch (error) {
    throw wrongAnswer(step.ctx.state, step.session, error as Error)
  }
}

/**
 * A DEVICE_KEY in an answer is taken (and checked) before the session is spent, so a bad key can be retried
 * without it. A sign-in on a USER_AUTH path that ignores DEVICE_KEY (the `devices.userAuthIgnoresKeyOn` option)
 * disregards it. @internal
 */
export function takeDeviceKey(step: Step): void {
  const key = step.responses.DEVICE_KEY
  if (key !== undefined && !step.session.progress.deviceKeyIgnored) step.session.progress.deviceKey = checkDeviceKey(step, key)
}

/**
 * Runs the check of a password or MFA answer and notes its outcome on the sign-in's event: a refusal
 * (NotAuthorized, CodeMismatch) as a Failure, a pass as a Success. @internal
 */
export async function noted(step: Step, name: 'Password' | 'Mfa', check: () => Promise<void> | void): Promise<void> {
  try {
    await check()
  } catch (error) {
    const refused = error instanceof CognitoError && (error.type === 'NotAuthorizedException' || error.type === 'CodeMismatchException')
    if (refused) noteChallenge(step.ctx.state, step.session.progress, name, false)
    throw error
  }
  noteChallenge(step.ctx.state, step.session.progress, name, true)
}
