// The `risk` option: a high-risk sign-in on a remembered device of a pool whose threat protection is
// ENFORCED must answer the user's MFA although the device would skip it; the device is still
// authenticated and stays remembered, and the event says AccountTakeover / High. In AUDIT the same
// sign-in is only recorded. Real AWS SDK client, TOTP codes on the server's clock.
import {
  AdminGetDeviceCommand,
  AdminInitiateAuthCommand,
  AssociateSoftwareTokenCommand,
  ConfirmDeviceCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { totp, type RiskAttempt } from '../../src/testing'
import {
  claims,
  deviceAuth,
  deviceConfig,
  PASSWORD,
  seed,
  srpSignIn,
  start,
  type DeviceSecrets,
  type Harness,
  type Seeded,
} from './helpers'

const STRANGER = { EncodedData: 'stranger' }
const asked: RiskAttempt[] = []
let h: Harness
beforeAll(async () => {
  h = await start({
    risk: (attempt) => {
      asked.push(attempt)
      return attempt.contextData?.encodedData === 'stranger' ? 'high' : 'low'
    },
  })
})
afterAll(() => h.cognito.close())

/** A pool with TOTP MFA and remembered devices that skip it; `ann` enrolled in TOTP and one device remembered. */
async function setUp(mode: 'AUDIT' | 'ENFORCED'): Promise<{ s: Seeded; secret: string; device: DeviceSecrets }> {
  const s = await seed(h.sdk, {
    pool: {
      MfaConfiguration: 'OPTIONAL',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
      UserPoolAddOns: { AdvancedSecurityMode: mode },
    },
  })
  await h.sdk.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: s.poolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  )
  const { AuthenticationResult } = await h.sdk.send(
    new AdminInitiateAuthCommand({
      UserPoolId: s.poolId,
      ClientId: s.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'alice', PASSWORD },
    }),
  )
  const token = AuthenticationResult!.AccessToken!
  const secret = (await h.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!
  await h.sdk.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: totp(secret, h.cognito.clock.now()) }))
  await h.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }))
  const challenge = await srpSignIn(h.sdk, s, 'alice')
  const done = await mfa(s, challenge.Session, secret)
  const meta = done.AuthenticationResult!.NewDeviceMetadata!
  const { secrets, config } = await deviceConfig(meta)
  await h.sdk.send(
    new ConfirmDeviceCommand({
      AccessToken: done.AuthenticationResult!.AccessToken,
      DeviceKey: meta.DeviceKey,
      DeviceSecretVerifierConfig: config,
    }),
  )
  return { s, secret, device: secrets }
}

const mfa = (s: Seeded, session: string | undefined, secret: string, deviceKey?: string) =>
  h.sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: s.clientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: session,
      ChallengeResponses: {
        USERNAME: 'alice',
        SOFTWARE_TOKEN_MFA_CODE: totp(secret, h.cognito.clock.now()),
        ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
      },
    }),
  )

const status = async (s: Seeded, DeviceKey: string) => {
  const { Device } = await h.sdk.send(new AdminGetDeviceCommand({ UserPoolId: s.poolId, Username: 'alice', DeviceKey }))
  return Device!.DeviceAttributes!.find((a) => a.Name === 'dev:device_remembered_status')!.Value
}

describe('risk option', () => {
  it('ENFORCED: a high-risk sign-in on a remembered device answers MFA, then device auth; the device stays remembered', async () => {
    const { s, secret, device } = await setUp('ENFORCED')
    const usual = await srpSignIn(h.sdk, s, 'alice', { deviceKey: device.deviceKey })
    expect(usual.ChallengeName).toBe('DEVICE_SRP_AUTH')
    expect(h.cognito.authEvents.last('alice')).toMatchObject({ riskDecision: 'NoRisk', riskLevel: 'Low' })

    asked.length = 0
    const risky = await srpSignIn(h.sdk, s, 'alice', { deviceKey: device.deviceKey, contextData: STRANGER })
    expect(asked).toEqual([{ poolId: s.poolId, username: 'alice', deviceKey: device.deviceKey, contextData: { encodedData: 'stranger' } }])
    expect(risky.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    const afterMfa = await mfa(s, risky.Session, secret, device.deviceKey)
    expect(afterMfa.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const done = await deviceAuth(h.sdk, s, 'alice', afterMfa.Session, device)
    expect(done.AuthenticationResult?.NewDeviceMetadata).toBeUndefined()
    expect(claims(done.AuthenticationResult?.AccessToken).device_key).toBe(device.deviceKey)
    expect(await status(s, device.deviceKey)).toBe('remembered')
    expect(h.cognito.authEvents.last('alice')).toMatchObject({
      response: 'Pass',
      riskDecision: 'AccountTakeover',
      riskLevel: 'High',
      challenges: [
        { name: 'Password', response: 'Success' },
        { name: 'Mfa', response: 'Success' },
      ],
      deviceKeyPresented: device.deviceKey,
      deviceKeyIssued: undefined,
    })

    const calm = await srpSignIn(h.sdk, s, 'alice', { deviceKey: device.deviceKey })
    expect(calm.ChallengeName).toBe('DEVICE_SRP_AUTH')
  })

  it('AUDIT: the same sign-in skips MFA on the remembered device and is only recorded as high risk', async () => {
    const { s, device } = await setUp('AUDIT')
    const risky = await srpSignIn(h.sdk, s, 'alice', { deviceKey: device.deviceKey, contextData: STRANGER })
    expect(risky.ChallengeName).toBe('DEVICE_SRP_AUTH')
    expect(h.cognito.authEvents.last('alice')).toMatchObject({ riskDecision: 'AccountTakeover', riskLevel: 'High', response: 'InProgress' })
  })
})
