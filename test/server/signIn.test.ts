import {
  AdminInitiateAuthCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computePasswordClaim, generateEphemeral } from '../../src/srp'
import { claims, failure, PASSWORD, seed, srpSignIn, start, type Harness, type Seeded } from './helpers'

let h: Harness
let s: Seeded
beforeAll(async () => {
  h = await start()
  s = await seed(h.sdk)
})
afterAll(() => h.cognito.close())

describe('USER_SRP_AUTH', () => {
  it('verifies the SRP claim and issues RS256 tokens with the real claims', async () => {
    const out = await srpSignIn(h.sdk, s, 'alice')
    const result = out.AuthenticationResult!
    expect(result.TokenType).toBe('Bearer')
    expect(result.ExpiresIn).toBe(3600)
    expect(result.RefreshToken).toMatch(/^eyJ/)
    expect(result.NewDeviceMetadata).toBeUndefined()
    const access = claims(result.AccessToken)
    expect(access).toMatchObject({
      token_use: 'access',
      client_id: s.clientId,
      username: 'alice',
      scope: 'aws.cognito.signin.user.admin',
      iss: `https://cognito-idp.us-east-1.amazonaws.com/${s.poolId}`,
      version: 2,
    })
    const id = claims(result.IdToken)
    expect(id).toMatchObject({ token_use: 'id', aud: s.clientId, 'cognito:username': 'alice', sub: access.sub })
    const user = await h.sdk.send(new GetUserCommand({ AccessToken: result.AccessToken }))
    expect(user.Username).toBe('alice')
  })

  it('refuses a wrong password with the real error', async () => {
    const error = await failure(srpSignIn(h.sdk, s, 'alice', { password: 'Wrong0ne!' }))
    expect(error.name).toBe('NotAuthorizedException')
    expect(error.message).toBe('Incorrect username or password.')
    expect(error.$metadata?.httpStatusCode).toBe(400)
  })

  it('refuses a forged signature, a swapped secret block and a malformed timestamp', async () => {
    const ephemeral = await generateEphemeral()
    const started = await h.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: s.clientId,
        AuthParameters: { USERNAME: 'alice', SRP_A: ephemeral.srpA },
      }),
    )
    const p = started.ChallengeParameters!
    const claim = await computePasswordClaim({
      poolId: s.poolId,
      userIdForSrp: p.USER_ID_FOR_SRP!,
      password: PASSWORD,
      srpB: p.SRP_B!,
      salt: p.SALT!,
      secretBlock: p.SECRET_BLOCK!,
      ephemeral,
    })
    const answer = (responses: Record<string, string>) =>
      h.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: s.clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: started.Session,
          ChallengeResponses: { USERNAME: 'alice', ...claim, ...responses },
        }),
      )
    const forged = Buffer.from(claim.PASSWORD_CLAIM_SIGNATURE, 'base64')
    forged[0]! ^= 1
    expect((await failure(answer({ PASSWORD_CLAIM_SIGNATURE: forged.toString('base64') }))).message).toBe('Incorrect username or password.')
    expect((await failure(answer({ TIMESTAMP: 'yesterday' }))).name).toBe('InvalidParameterException')
    // two wrong answers so far: the session still takes the right one
    const ok = await answer({})
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy()
    const replay = await failure(answer({}))
    expect(replay.message).toBe('Invalid session for the user, session can only be used once.')
  })

  it('gives UserNotFoundException (LEGACY) for an unknown user', async () => {
    const error = await failure(srpSignIn(h.sdk, s, 'nobody'))
    expect(error.name).toBe('UserNotFoundException')
    expect(error.message).toBe('User does not exist.')
  })

  it('supports ADMIN_USER_PASSWORD_AUTH and USER_PASSWORD_AUTH', async () => {
    const admin = await h.sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: s.poolId,
        ClientId: s.clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'alice', PASSWORD },
      }),
    )
    expect(admin.AuthenticationResult?.IdToken).toBeTruthy()
    const user = await h.sdk.send(
      new InitiateAuthCommand({ ClientId: s.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } }),
    )
    expect(user.AuthenticationResult?.AccessToken).toBeTruthy()
    const wrong = await failure(
      h.sdk.send(
        new InitiateAuthCommand({
          ClientId: s.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'alice', PASSWORD: 'nope' },
        }),
      ),
    )
    expect(wrong.message).toBe('Incorrect username or password.')
  })
})
