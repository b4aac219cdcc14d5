/** The user as the custom-auth triggers see it. */
export interface CustomAuthUser {
  /** The internal user name. */
  username: string
  /** The pool id. */
  userPoolId: string
  /** The user's attributes, `custom:` names included. */
  userAttributes: Record<string, string>
}

/** One step of a custom-auth session so far, as the DefineAuthChallenge trigger receives it. */
export interface CustomChallengeResult {
  /** `'SRP_A'`, `'PASSWORD_VERIFIER'` or `'CUSTOM_CHALLENGE'`. */
  challengeName: string
  /** Whether that step was answered correctly. */
  challengeResult: boolean
  /** What CreateAuthChallenge put in `challengeMetadata`. */
  challengeMetadata: string | undefined
}

/** What DefineAuthChallenge decides. */
export interface DefineAuthChallengeResult {
  /** The next challenge: `'CUSTOM_CHALLENGE'` or `'PASSWORD_VERIFIER'`. */
  challengeName?: string
  /** Finish the sign-in. */
  issueTokens?: boolean
  /** Refuse the sign-in (`NotAuthorizedException: Incorrect username or password.`). */
  failAuthentication?: boolean
}

/** What CreateAuthChallenge returns. */
export interface CreateAuthChallengeResult {
  /** Sent to the client as ChallengeParameters. */
  publicChallengeParameters?: Record<string, string>
  /** Kept on the server for VerifyAuthChallengeResponse. */
  privateChallengeParameters?: Record<string, string>
  /** Recorded in the session history. */
  challengeMetadata?: string
}

/**
 * The in-process stand-in for Cognito's three custom-auth Lambda triggers. Only
 * `createAuthChallenge` and `verifyAuthChallengeResponse` are required; the default
 * `defineAuthChallenge` asks PASSWORD_VERIFIER after an `SRP_A` start, issues tokens after a correct
 * CUSTOM_CHALLENGE answer, fails after three wrong ones and otherwise asks a CUSTOM_CHALLENGE.
 *
 * @example
 * ```ts
 * import { startLocalCognito } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito({
 *   customAuth: {
 *     createAuthChallenge: () => ({ publicChallengeParameters: { q: '2+2' }, privateChallengeParameters: { a: '4' } }),
 *     verifyAuthChallengeResponse: ({ answer, privateChallengeParameters }) => answer === privateChallengeParameters.a,
 *   },
 * })
 * ```
 */
export interface CustomAuthHandler {
  /** Decides the next step from the session so far. */
  defineAuthChallenge?(event: {
    user: CustomAuthUser
    session: CustomChallengeResult[]
    clientMetadata: Record<string, string>
  }): DefineAuthChallengeResult | Promise<DefineAuthChallengeResult>
  /** Makes a CUSTOM_CHALLENGE. */
  createAuthChallenge(event: {
    user: CustomAuthUser
    challengeName: string
    session: CustomChallengeResult[]
    clientMetadata: Record<string, string>
  }): CreateAuthChallengeResult | Promise<CreateAuthChallengeResult>
  /** Checks an answer. */
  verifyAuthChallengeResponse(event: {
    user: CustomAuthUser
    answer: string
    privateChallengeParameters: Record<string, string>
    clientMetadata: Record<string, string>
  }): boolean | Promise<boolean>
}
