import {
  AdminInitiateAuthCommand,
  ConfirmDeviceCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeDeviceClaim, computePasswordClaim, generateEphemeral, type SrpEphemeral } from '../../src/srp'
import { claims, deviceConfig, failure, PASSWORD, seed, srpSignIn, start, type DeviceSecrets, type Harness, type Seeded } from './helpers'

let h: Harness
let s: Seeded
beforeAll(async () => {
  h = await start()
  s = await seed(h.sdk)
})
afterAll(() => h.cognito.close())

/** USER_SRP_AUTH for alice: the PASSWORD_VERIFIER challenge and the ephemeral that answers it. */
async function userChallenge() {
  const ephemeral = await generateEphemeral()
  const started = await h.sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: s.clientId,
      AuthParameters: { USERNAME: 'alice', SRP_A: ephemeral.srpA },
    }),
  )
  expect(started.ChallengeName).toBe('PASSWORD_VERIFIER')
  return { ephemeral, started, p: started.ChallengeParameters! }
}

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

  it('refuses a forged signature and a malformed timestamp', async () => {
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

  it("refuses a PASSWORD_VERIFIER answer that carries another session's SECRET_BLOCK, correctly signed over it", async () => {
    // two concurrent sign-ins of the same user: each session is issued its own SECRET_BLOCK
    const [mine, other] = await Promise.all([userChallenge(), userChallenge()])
    expect(mine.p.SECRET_BLOCK).not.toBe(other.p.SECRET_BLOCK)
    // one instant for both claims, so the only difference between them is the block
    const now = new Date(h.cognito.clock.now())
    const claimOver = (secretBlock: string) =>
      computePasswordClaim({
        poolId: s.poolId,
        userIdForSrp: mine.p.USER_ID_FOR_SRP!,
        password: PASSWORD,
        srpB: mine.p.SRP_B!,
        salt: mine.p.SALT!,
        secretBlock,
        ephemeral: mine.ephemeral,
        now,
      })
    // the signature is right for this session's key, but it covers the other session's block
    const swapped = await claimOver(other.p.SECRET_BLOCK!)
    expect(swapped.PASSWORD_CLAIM_SECRET_BLOCK).toBe(other.p.SECRET_BLOCK)
    const answer = (claim: Record<string, string>) =>
      h.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: s.clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: mine.started.Session,
          ChallengeResponses: { USERNAME: mine.p.USER_ID_FOR_SRP!, ...claim },
        }),
      )
    const error = await failure(answer({ ...swapped }))
    expect(error.name).toBe('NotAuthorizedException')
    expect(error.message).toBe('Incorrect username or password.')
    expect(error.$metadata?.httpStatusCode).toBe(400)
    // the same session, key and instant with the block it was issued: accepted
    const honest = await answer({ ...(await claimOver(mine.p.SECRET_BLOCK!)) })
    expect(honest.AuthenticationResult?.AccessToken).toBeTruthy()
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

describe('DEVICE_PASSWORD_VERIFIER', () => {
  let sd: Seeded
  let device: DeviceSecrets
  beforeAll(async () => {
    sd = await seed(h.sdk, {
      pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } },
    })
    const first = (await srpSignIn(h.sdk, sd, 'alice')).AuthenticationResult!
    const { secrets, config } = await deviceConfig(first.NewDeviceMetadata!)
    await h.sdk.send(
      new ConfirmDeviceCommand({ AccessToken: first.AccessToken, DeviceKey: secrets.deviceKey, DeviceSecretVerifierConfig: config }),
    )
    device = secrets
  })

  /** A sign-in of the remembered device up to its DEVICE_PASSWORD_VERIFIER challenge. */
  async function deviceChallenge(): Promise<{ ephemeral: SrpEphemeral; session: string; p: Record<string, string> }> {
    const step = await srpSignIn(h.sdk, sd, 'alice', { deviceKey: device.deviceKey })
    expect(step.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const ephemeral = await generateEphemeral()
    const verifier = await h.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: sd.clientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: step.Session,
        ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: device.deviceKey, SRP_A: ephemeral.srpA },
      }),
    )
    expect(verifier.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER')
    return { ephemeral, session: verifier.Session!, p: verifier.ChallengeParameters! }
  }

  it("refuses an answer that carries another device session's SECRET_BLOCK, correctly signed over it", async () => {
    const [mine, other] = await Promise.all([deviceChallenge(), deviceChallenge()])
    expect(mine.p.SECRET_BLOCK).not.toBe(other.p.SECRET_BLOCK)
    const now = new Date(h.cognito.clock.now())
    const claimOver = (secretBlock: string) =>
      computeDeviceClaim({
        deviceGroupKey: device.deviceGroupKey,
        deviceKey: device.deviceKey,
        devicePassword: device.devicePassword,
        srpB: mine.p.SRP_B!,
        salt: mine.p.SALT!,
        secretBlock,
        ephemeral: mine.ephemeral,
        now,
      })
    const swapped = await claimOver(other.p.SECRET_BLOCK!)
    expect(swapped.PASSWORD_CLAIM_SECRET_BLOCK).toBe(other.p.SECRET_BLOCK)
    const answer = (claim: Record<string, string>) =>
      h.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: sd.clientId,
          ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
          Session: mine.session,
          ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: device.deviceKey, ...claim },
        }),
      )
    const error = await failure(answer({ ...swapped }))
    expect(error.name).toBe('NotAuthorizedException')
    expect(error.message).toBe('Incorrect username or password.')
    expect(error.$metadata?.httpStatusCode).toBe(400)
    const honest = await answer({ ...(await claimOver(mine.p.SECRET_BLOCK!)) })
    expect(claims(honest.AuthenticationResult?.AccessToken).device_key).toBe(device.deviceKey)
  })
})
