// NEW_PASSWORD_REQUIRED, CUSTOM_AUTH, SECRET_HASH, flow gating, user-existence errors and alias sign-in.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminRespondToAuthChallengeCommand,
  AdminInitiateAuthCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secretHash } from '../../src/srp'
import type { CustomAuthHandler } from '../../src/testing'
import { claimFor, claims, failure, PASSWORD, seed, srpSignIn, start, type Harness } from './helpers'

let h: Harness
const asked: string[] = []
const customAuth: CustomAuthHandler = {
  createAuthChallenge: ({ user }) => {
    asked.push(user.username)
    return { publicChallengeParameters: { question: '6 x 7' }, privateChallengeParameters: { answer: '42' }, challengeMetadata: 'MATH' }
  },
  verifyAuthChallengeResponse: ({ answer, privateChallengeParameters }) => answer === privateChallengeParameters.answer,
}
beforeAll(async () => {
  h = await start({ customAuth })
})
afterAll(() => h.cognito.close())

describe('NEW_PASSWORD_REQUIRED', () => {
  it('follows AdminCreateUser with a temporary password, asks required attributes, then signs in', async () => {
    const s = await seed(h.sdk, {
      pool: { Schema: [{ Name: 'given_name', Required: true, Mutable: true, AttributeDataType: 'String' }] },
      users: [],
    })
    await h.sdk.send(
      new AdminCreateUserCommand({ UserPoolId: s.poolId, Username: 'newbie', TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS' }),
    )
    const before = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: s.poolId, Username: 'newbie' }))
    expect(before.UserStatus).toBe('FORCE_CHANGE_PASSWORD')
    const challenge = await srpSignIn(h.sdk, s, 'newbie', { password: 'Temp0rary!' })
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
    expect(JSON.parse(challenge.ChallengeParameters!.requiredAttributes!)).toEqual(['userAttributes.given_name'])
    const answer = (responses: Record<string, string>) =>
      h.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: s.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: 'newbie', ...responses },
        }),
      )
    expect((await failure(answer({ NEW_PASSWORD: 'short' }))).name).toBe('InvalidPasswordException')
    expect((await failure(answer({ NEW_PASSWORD: 'Brand-new1' }))).message).toBe('Invalid attributes given, given_name is missing')
    const done = await answer({ NEW_PASSWORD: 'Brand-new1', 'userAttributes.given_name': 'Nina' })
    expect(claims(done.AuthenticationResult?.IdToken).given_name).toBe('Nina')
    const after = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: s.poolId, Username: 'newbie' }))
    expect(after.UserStatus).toBe('CONFIRMED')
    expect((await srpSignIn(h.sdk, s, 'newbie', { password: 'Brand-new1' })).AuthenticationResult).toBeTruthy()
  })

  it('sends an invitation with the generated temporary password to the outbox', async () => {
    const s = await seed(h.sdk, { users: [] })
    await h.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: s.poolId,
        Username: 'invited',
        UserAttributes: [{ Name: 'email', Value: 'inv@example.com' }],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    )
    const invitation = h.cognito.outbox.last('invited')!
    expect(invitation).toMatchObject({ channel: 'EMAIL', purpose: 'INVITATION', destination: 'inv@example.com' })
    expect((await srpSignIn(h.sdk, s, 'invited', { password: invitation.code })).ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
  })
})

describe('CUSTOM_AUTH', () => {
  it('runs the in-process challenge handler; a wrong answer gets a new challenge, the right one tokens', async () => {
    const s = await seed(h.sdk)
    const first = await h.sdk.send(
      new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: s.clientId, AuthParameters: { USERNAME: 'alice' } }),
    )
    expect(first.ChallengeName).toBe('CUSTOM_CHALLENGE')
    expect(first.ChallengeParameters?.question).toBe('6 x 7')
    const wrong = await h.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: s.clientId,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'alice', ANSWER: '41' },
      }),
    )
    expect(wrong.ChallengeName).toBe('CUSTOM_CHALLENGE')
    const right = await h.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: s.clientId,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: wrong.Session,
        ChallengeResponses: { USERNAME: 'alice', ANSWER: '42' },
      }),
    )
    expect(right.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(asked.filter((u) => u === 'alice')).toHaveLength(2)
  })

  it('fails after three wrong answers with the default DefineAuthChallenge', async () => {
    const s = await seed(h.sdk)
    let step = await h.sdk.send(
      new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: s.clientId, AuthParameters: { USERNAME: 'alice' } }),
    )
    for (let i = 0; i < 2; i++) {
      step = await h.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: s.clientId,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: step.Session,
          ChallengeResponses: { USERNAME: 'alice', ANSWER: 'x' },
        }),
      )
    }
    const error = await failure(
      h.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: s.clientId,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: step.Session,
          ChallengeResponses: { USERNAME: 'alice', ANSWER: 'x' },
        }),
      ),
    )
    expect(error.message).toBe('Incorrect username or password.')
  })
})

describe('client settings', () => {
  it('requires and verifies SECRET_HASH for a client with a secret', async () => {
    const s = await seed(h.sdk, { client: { GenerateSecret: true } })
    expect(s.clientSecret).toBeTruthy()
    expect((await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult).toBeTruthy()
    const missing = await failure(
      h.sdk.send(
        new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: s.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
      ),
    )
    expect(missing.message).toBe(`Client ${s.clientId} is configured with secret but SECRET_HASH was not received`)
    const wrongHash = await secretHash({ clientId: s.clientId, clientSecret: 'not-the-secret', username: 'alice' })
    const wrong = await failure(
      h.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: s.clientId,
          AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: wrongHash },
        }),
      ),
    )
    expect(wrong.message).toBe(`Unable to verify secret hash for client ${s.clientId}`)
  })

  it('gates flows by ExplicitAuthFlows', async () => {
    const s = await seed(h.sdk, { client: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] } })
    const error = await failure(
      h.sdk.send(
        new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: s.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
      ),
    )
    expect(error.name).toBe('InvalidParameterException')
    expect(error.message).toBe('USER_PASSWORD_AUTH flow not enabled for this client')
  })

  it('hides unknown users when PreventUserExistenceErrors is ENABLED', async () => {
    const s = await seed(h.sdk, { client: { PreventUserExistenceErrors: 'ENABLED' } })
    const error = await failure(srpSignIn(h.sdk, s, 'ghost'))
    expect(error.name).toBe('NotAuthorizedException')
    expect(error.message).toBe('Incorrect username or password.')
  })

  it('signs in by e-mail when the pool uses e-mail as user name; USER_ID_FOR_SRP is the sub', async () => {
    const s = await seed(h.sdk, { pool: { UsernameAttributes: ['email'] }, users: [{ username: 'erin@example.com' }] })
    const out = await srpSignIn(h.sdk, s, 'erin@example.com')
    const id = claims(out.AuthenticationResult?.IdToken)
    expect(id.email).toBe('erin@example.com')
    expect(id['cognito:username']).toBe(id.sub)
  })

  it('runs AdminInitiateAuth/AdminRespondToAuthChallenge for SRP', async () => {
    const s = await seed(h.sdk)
    const { generateEphemeral } = await import('../../src/srp')
    const ephemeral = await generateEphemeral()
    const started = await h.sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: s.poolId,
        ClientId: s.clientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: 'alice', SRP_A: ephemeral.srpA },
      }),
    )
    const p = started.ChallengeParameters!
    const claim = await claimFor(s.poolId, p, PASSWORD, ephemeral)
    const done = await h.sdk.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: s.poolId,
        ClientId: s.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: started.Session,
        ChallengeResponses: { USERNAME: 'alice', ...claim },
      }),
    )
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
  })
})

describe('temporary passwords and racing answers', () => {
  it('refuses a temporary password older than TemporaryPasswordValidityDays', async () => {
    const s = await seed(h.sdk, {
      pool: { Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 1 } } },
      users: [],
    })
    await h.sdk.send(
      new AdminCreateUserCommand({ UserPoolId: s.poolId, Username: 'late', TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS' }),
    )
    h.cognito.clock.advance(2 * 86_400_000)
    const error = await failure(srpSignIn(h.sdk, s, 'late', { password: 'Temp0rary!' }))
    expect(error.message).toBe('Temporary password has expired and must be reset by an administrator.')
  })

  it('of three simultaneous answers on one session, one signs in and the others are replays', async () => {
    const s = await seed(h.sdk)
    const { generateEphemeral } = await import('../../src/srp')
    const ephemeral = await generateEphemeral()
    const started = await h.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: s.clientId,
        AuthParameters: { USERNAME: 'alice', SRP_A: ephemeral.srpA },
      }),
    )
    const p = started.ChallengeParameters!
    const claim = await claimFor(s.poolId, p, PASSWORD, ephemeral)
    const answer = () =>
      h.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: s.clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: started.Session,
          ChallengeResponses: { USERNAME: 'alice', ...claim },
        }),
      )
    const results = await Promise.allSettled([answer(), answer(), answer()])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as Error).message).toBe('Invalid session for the user, session can only be used once.')
  })
})
