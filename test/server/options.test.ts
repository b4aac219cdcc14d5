// Options for the open points, and the flows the other files do not cover.
import {
  AssociateSoftwareTokenCommand,
  ConfirmDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { totp } from '../../src/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeDeviceClaim, generateEphemeral } from '../../src/srp'
import { claimFor, claims, deviceConfig, failure, PASSWORD, seed, srpSignIn, start, type Harness } from './helpers'

let h: Harness
const stopLater: Harness[] = []
beforeAll(async () => {
  h = await start({
    customAuth: {
      createAuthChallenge: () => ({ publicChallengeParameters: { hint: 'pin' }, privateChallengeParameters: { pin: '1234' } }),
      verifyAuthChallengeResponse: ({ answer, privateChallengeParameters }) => answer === privateChallengeParameters.pin,
    },
  })
})
afterAll(async () => {
  await h.cognito.close()
  for (const other of stopLater) await other.cognito.close()
})

async function other(options: Parameters<typeof start>[0]) {
  const harness = await start(options)
  stopLater.push(harness)
  return harness
}

describe('refresh', () => {
  it('accepts REFRESH_TOKEN as an alias and expires refresh tokens on the server clock', async () => {
    const s = await seed(h.sdk, { client: { RefreshTokenValidity: 1, TokenValidityUnits: { RefreshToken: 'days' } } })
    const { RefreshToken } = (await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult!
    const ok = await h.sdk.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN', ClientId: s.clientId, AuthParameters: { REFRESH_TOKEN: RefreshToken! } }),
    )
    expect(claims(ok.AuthenticationResult?.AccessToken).username).toBe('alice')
    h.cognito.clock.advance(2 * 86_400_000)
    const expired = await failure(
      h.sdk.send(
        new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: s.clientId, AuthParameters: { REFRESH_TOKEN: RefreshToken! } }),
      ),
    )
    expect(expired.name).toBe('NotAuthorizedException')
    const unknown = await failure(
      h.sdk.send(
        new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: s.clientId, AuthParameters: { REFRESH_TOKEN: 'garbage' } }),
      ),
    )
    expect(unknown.message).toBe('Invalid Refresh Token')
  })

  it('GetTokensFromRefreshToken refreshes with the client secret and the device key', async () => {
    const s = await seed(h.sdk, { client: { GenerateSecret: true }, pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } } })
    const tokens = (await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult!
    const { secrets, config } = await deviceConfig(tokens.NewDeviceMetadata!)
    await h.sdk.send(
      new ConfirmDeviceCommand({ AccessToken: tokens.AccessToken, DeviceKey: secrets.deviceKey, DeviceSecretVerifierConfig: config }),
    )
    const ok = await h.sdk.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: s.clientId,
        ClientSecret: s.clientSecret,
        RefreshToken: tokens.RefreshToken,
        DeviceKey: secrets.deviceKey,
      }),
    )
    expect(claims(ok.AuthenticationResult?.AccessToken).device_key).toBe(secrets.deviceKey)
    const noSecret = await failure(
      h.sdk.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: s.clientId, RefreshToken: tokens.RefreshToken, DeviceKey: secrets.deviceKey }),
      ),
    )
    expect(noSecret.name).toBe('NotAuthorizedException')
    const noDevice = await failure(
      h.sdk.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: s.clientId, ClientSecret: s.clientSecret, RefreshToken: tokens.RefreshToken }),
      ),
    )
    expect(noDevice.message).toBe('Invalid Refresh Token')
  })
})

describe('CUSTOM_AUTH with an SRP start', () => {
  it('runs PASSWORD_VERIFIER first, then the custom challenge', async () => {
    const s = await seed(h.sdk)
    const ephemeral = await generateEphemeral()
    const started = await h.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'CUSTOM_AUTH',
        ClientId: s.clientId,
        AuthParameters: { USERNAME: 'alice', CHALLENGE_NAME: 'SRP_A', SRP_A: ephemeral.srpA },
      }),
    )
    expect(started.ChallengeName).toBe('PASSWORD_VERIFIER')
    const p = started.ChallengeParameters!
    const claim = await claimFor(s.poolId, p, PASSWORD, ephemeral)
    const custom = await h.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: s.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: started.Session,
        ChallengeResponses: { USERNAME: 'alice', ...claim },
      }),
    )
    expect(custom.ChallengeName).toBe('CUSTOM_CHALLENGE')
    expect(custom.ChallengeParameters?.hint).toBe('pin')
    const done = await h.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: s.clientId,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: custom.Session,
        ChallengeResponses: { USERNAME: 'alice', ANSWER: '1234' },
      }),
    )
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
  })

  it('is refused on a server without a challenge handler', async () => {
    const bare = await other({})
    const s = await seed(bare.sdk)
    const error = await failure(
      bare.sdk.send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: s.clientId, AuthParameters: { USERNAME: 'alice' } })),
    )
    expect(error.message).toBe('Custom auth lambda trigger is not configured for the user pool.')
  })
})

describe('device options', () => {
  async function confirmed(harness: Harness, s: Awaited<ReturnType<typeof seed>>) {
    const out = (await srpSignIn(harness.sdk, s, 'alice')).AuthenticationResult!
    const { secrets, config } = await deviceConfig(out.NewDeviceMetadata!)
    await harness.sdk.send(
      new ConfirmDeviceCommand({ AccessToken: out.AccessToken, DeviceKey: secrets.deviceKey, DeviceSecretVerifierConfig: config }),
    )
    return secrets
  }

  it('requires a Session for device steps by default, and allows none with allowSessionlessDeviceAuth', async () => {
    const strict = await seed(h.sdk, { pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } } })
    const device = await confirmed(h, strict)
    const step = await srpSignIn(h.sdk, strict, 'alice', { deviceKey: device.deviceKey })
    expect(step.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const ephemeral = await generateEphemeral()
    const missing = await failure(
      h.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: strict.clientId,
          ChallengeName: 'DEVICE_SRP_AUTH',
          ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: device.deviceKey, SRP_A: ephemeral.srpA },
        }),
      ),
    )
    expect(missing.message).toBe('Missing required parameter Session')

    const lenient = await other({ devices: { allowSessionlessDeviceAuth: true } })
    const s = await seed(lenient.sdk, { pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } } })
    const d = await confirmed(lenient, s)
    expect((await srpSignIn(lenient.sdk, s, 'alice', { deviceKey: d.deviceKey })).ChallengeName).toBe('DEVICE_SRP_AUTH')
    const srp = await lenient.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: s.clientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: d.deviceKey, SRP_A: ephemeral.srpA },
      }),
    )
    const p = srp.ChallengeParameters!
    const claim = await computeDeviceClaim({ ...d, srpB: p.SRP_B!, salt: p.SALT!, secretBlock: p.SECRET_BLOCK!, ephemeral })
    const done = await lenient.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: s.clientId,
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: d.deviceKey, ...claim },
      }),
    )
    expect(claims(done.AuthenticationResult?.AccessToken).device_key).toBe(d.deviceKey)
  })

  it('ignores DEVICE_KEY on a pool without tracking, or refuses it with keyWhenTrackingOff', async () => {
    const s = await seed(h.sdk)
    const key = 'us-east-1_22222222-2222-2222-2222-222222222222'
    expect((await srpSignIn(h.sdk, s, 'alice', { deviceKey: key })).AuthenticationResult).toBeTruthy()
    const strict = await other({ devices: { keyWhenTrackingOff: 'not-found' } })
    const s2 = await seed(strict.sdk)
    expect((await failure(srpSignIn(strict.sdk, s2, 'alice', { deviceKey: key }))).message).toBe('Device does not exist.')
  })

  it('checks the TIMESTAMP against the server clock when timestampToleranceMs is set', async () => {
    const strict = await other({ timestampToleranceMs: 5 * 60_000 })
    const s = await seed(strict.sdk)
    expect((await srpSignIn(strict.sdk, s, 'alice')).AuthenticationResult).toBeTruthy()
    strict.cognito.clock.advance(60 * 60_000)
    expect((await failure(srpSignIn(strict.sdk, s, 'alice'))).message).toBe('Incorrect username or password.')
    // the default checks only the format: a moved server clock does not break sign-in
    h.cognito.clock.advance(60 * 60_000)
    expect((await srpSignIn(h.sdk, await seed(h.sdk), 'alice')).AuthenticationResult).toBeTruthy()
  })
})

describe('rejectReusedTotp', () => {
  it('refuses a TOTP code of a step already used, and accepts the next step', async () => {
    const strict = await other({ rejectReusedTotp: true })
    const s = await seed(strict.sdk, { pool: { MfaConfiguration: 'OPTIONAL' } })
    await strict.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: s.poolId,
        MfaConfiguration: 'OPTIONAL',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    )
    const tokens = (await srpSignIn(strict.sdk, s, 'alice')).AuthenticationResult!
    const { SecretCode } = await strict.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: tokens.AccessToken }))
    const code = totp(SecretCode!, strict.cognito.clock.now())
    await strict.sdk.send(new VerifySoftwareTokenCommand({ AccessToken: tokens.AccessToken, UserCode: code }))
    const challenge = await srpSignIn(strict.sdk, s, 'alice')
    expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    const answer = (c: string) =>
      strict.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: s.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: c },
        }),
      )
    const reused = await failure(answer(code))
    expect(reused.name).toBe('ExpiredCodeException')
    expect(reused.message).toBe('Your software token has already been used once.')
    strict.cognito.clock.advance(60_000)
    expect((await answer(totp(SecretCode!, strict.cognito.clock.now()))).AuthenticationResult).toBeTruthy()
  })
})
