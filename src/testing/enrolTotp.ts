import {
  AssociateSoftwareTokenCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import { computePasswordClaim, generateEphemeral, secretHash } from '../srp/index'
import { guaranteed } from './guaranteed'
import { totp } from './totp'

/** The pool and app client `seedPool` created, and the SDK client that talks to them. @internal */
export interface SeedApp {
  sdk: CognitoIdentityProviderClient
  userPoolId: string
  clientId: string
  clientSecret: string | undefined
}

/** SECRET_HASH for a confidential client, as an auth parameter (none without a secret). */
async function hashFor(app: SeedApp, username: string): Promise<Record<string, string>> {
  if (!app.clientSecret) return {}
  return { SECRET_HASH: await secretHash({ clientId: app.clientId, clientSecret: app.clientSecret, username }) }
}

/** Signs in with SRP as the app would (the pool's MFA is still off); returns the tokens. */
async function signIn(app: SeedApp, user: { username: string; password: string }): Promise<AuthenticationResultType> {
  const ephemeral = await generateEphemeral()
  const started = await app.sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: app.clientId,
      AuthParameters: { USERNAME: user.username, SRP_A: ephemeral.srpA, ...(await hashFor(app, user.username)) },
    }),
  )
  const p = started.ChallengeParameters ?? {}
  const userId = p.USER_ID_FOR_SRP ?? user.username
  const claim = await computePasswordClaim({
    poolId: app.userPoolId,
    userIdForSrp: userId,
    password: user.password,
    srpB: p.SRP_B ?? '',
    salt: p.SALT ?? '',
    secretBlock: p.SECRET_BLOCK ?? '',
    ephemeral,
  })
  const answer = await app.sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: app.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: started.Session,
      ChallengeResponses: { USERNAME: userId, ...claim, ...(await hashFor(app, userId)) },
    }),
  )
  if (!answer.AuthenticationResult) throw new Error(`seedPool: signing ${user.username} in to enrol TOTP met ${answer.ChallengeName}`)
  return answer.AuthenticationResult
}

/**
 * Enrols a user in TOTP the way an app's settings page does: sign in, AssociateSoftwareToken,
 * VerifySoftwareToken with a code, SetUserMFAPreference; then signs out everywhere. That sign-in's new
 * device is never confirmed, so it is not one of the user's devices. Returns the secret. @internal
 */
export async function enrolTotp(app: SeedApp, user: { username: string; password: string }, now: () => number): Promise<string> {
  const { AccessToken } = await signIn(app, user)
  const { SecretCode } = await app.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken }))
  const secret = guaranteed(SecretCode, 'AssociateSoftwareToken answers with SecretCode')
  await app.sdk.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(secret, now()) }))
  await app.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }))
  await app.sdk.send(new GlobalSignOutCommand({ AccessToken }))
  return secret
}
