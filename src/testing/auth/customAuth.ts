import { errors, MESSAGES } from '../errors'
import type { OpContext } from '../ops/types'
import type { SignInProgress, User, UserPool } from '../store/types'
import { continueSignIn } from './continueSignIn'
import type { CustomAuthHandler, CustomAuthUser, CustomChallengeResult, DefineAuthChallengeResult } from './customAuthTypes'
import { createSession } from './sessions'
import { startPasswordVerifier } from './srpSteps'

/** The default DefineAuthChallenge: SRP first when asked, then custom challenges, three tries. @internal */
function defaultDefine(session: CustomChallengeResult[]): DefineAuthChallengeResult {
  const last = session[session.length - 1]
  if (last?.challengeName === 'SRP_A') return { challengeName: 'PASSWORD_VERIFIER' }
  if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) return { issueTokens: true }
  if (session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE' && !s.challengeResult).length >= 3) {
    return { failAuthentication: true }
  }
  return { challengeName: 'CUSTOM_CHALLENGE' }
}

/** The user as the triggers see it. @internal */
export function triggerUser(pool: UserPool, user: User): CustomAuthUser {
  return { username: user.username, userPoolId: pool.id, userAttributes: { sub: user.sub, ...Object.fromEntries(user.attributes) } }
}

/** The configured handler, or Cognito's error for a pool without the custom-auth triggers. @internal */
export function customHandler(ctx: OpContext): CustomAuthHandler {
  const handler = ctx.state.options.customAuth
  if (!handler) throw errors.notAuthorized('Custom auth lambda trigger is not configured for the user pool.')
  return handler
}

/**
 * Asks DefineAuthChallenge what comes next in a CUSTOM_AUTH sign-in and does it: fail, finish
 * (through the shared router, without MFA), PASSWORD_VERIFIER, or a new CUSTOM_CHALLENGE. @internal
 */
export async function customNext(
  ctx: OpContext,
  progress: SignInProgress,
  pool: UserPool,
  user: User,
  clientMetadata: Record<string, string>,
  srpA?: bigint,
): Promise<Record<string, unknown>> {
  const handler = customHandler(ctx)
  const event = { user: triggerUser(pool, user), session: progress.customHistory, clientMetadata }
  const decision = handler.defineAuthChallenge ? await handler.defineAuthChallenge(event) : defaultDefine(progress.customHistory)
  if (decision.failAuthentication) throw errors.notAuthorized(MESSAGES.badCredentials)
  if (decision.issueTokens) return continueSignIn(ctx, progress)
  if (decision.challengeName === 'PASSWORD_VERIFIER') {
    if (srpA === undefined) throw errors.invalidParameter('Missing required parameter SRP_A')
    return startPasswordVerifier(ctx.state, progress, pool, user, srpA)
  }
  const created = await handler.createAuthChallenge({ ...event, challengeName: 'CUSTOM_CHALLENGE' })
  const session = createSession(ctx.state, progress, 'CUSTOM_CHALLENGE', {
    private: created.privateChallengeParameters ?? {},
    metadata: created.challengeMetadata,
  })
  return {
    ChallengeName: 'CUSTOM_CHALLENGE',
    Session: session.id,
    ChallengeParameters: { ...(created.publicChallengeParameters ?? {}), USERNAME: user.username },
  }
}
