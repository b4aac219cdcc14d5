// Device tracking against MFA: which device states bypass MFA, which are challenged, and the options for open points.
import {
  AdminUpdateDeviceStatusCommand,
  ConfirmDeviceCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claims, deviceAuth, deviceConfig, seed, srpSignIn, start, type DeviceSecrets, type Harness, type Seeded } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

const phone = [{ Name: 'phone_number', Value: '+15555550100' }]

async function smsAnswer(s: Seeded, session: string | undefined, deviceKey?: string) {
  return h.sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: s.clientId,
      ChallengeName: 'SMS_MFA',
      Session: session,
      ChallengeResponses: {
        USERNAME: 'pat',
        SMS_MFA_CODE: h.cognito.outbox.last('pat')!.code,
        ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
      },
    }),
  )
}

/** First sign-in with SMS MFA, then ConfirmDevice. */
async function rememberedDevice(s: Seeded): Promise<DeviceSecrets> {
  const mfa = await srpSignIn(h.sdk, s, 'pat')
  expect(mfa.ChallengeName).toBe('SMS_MFA')
  const done = await smsAnswer(s, mfa.Session)
  const { secrets, config } = await deviceConfig(done.AuthenticationResult!.NewDeviceMetadata!)
  await h.sdk.send(
    new ConfirmDeviceCommand({
      AccessToken: done.AuthenticationResult!.AccessToken,
      DeviceKey: secrets.deviceKey,
      DeviceSecretVerifierConfig: config,
    }),
  )
  return secrets
}

describe('MFA on, ChallengeRequiredOnNewDevice = true (trusted devices bypass MFA)', () => {
  let s: Seeded
  let device: DeviceSecrets
  beforeAll(async () => {
    s = await seed(h.sdk, {
      pool: {
        MfaConfiguration: 'ON',
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      },
      users: [{ username: 'pat', attributes: phone }],
    })
    device = await rememberedDevice(s)
  })

  it('a remembered device replaces the MFA challenge with device SRP', async () => {
    const before = h.cognito.outbox.messages.length
    const step = await srpSignIn(h.sdk, s, 'pat', { deviceKey: device.deviceKey })
    expect(step.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const done = await deviceAuth(h.sdk, s, 'pat', step.Session, device)
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(h.cognito.outbox.messages.length).toBe(before)
  })

  it('a confirmed but not_remembered device is still challenged, then authenticated as a device', async () => {
    await h.sdk.send(
      new AdminUpdateDeviceStatusCommand({
        UserPoolId: s.poolId,
        Username: 'pat',
        DeviceKey: device.deviceKey,
        DeviceRememberedStatus: 'not_remembered',
      }),
    )
    const step = await srpSignIn(h.sdk, s, 'pat', { deviceKey: device.deviceKey })
    expect(step.ChallengeName).toBe('SMS_MFA')
    const next = await smsAnswer(s, step.Session, device.deviceKey)
    expect(next.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const done = await deviceAuth(h.sdk, s, 'pat', next.Session, device)
    expect(done.AuthenticationResult?.NewDeviceMetadata).toBeUndefined()
    expect(claims(done.AuthenticationResult?.AccessToken).device_key).toBe(device.deviceKey)
  })

  it('an MFA answer without DEVICE_KEY issues another NewDeviceMetadata', async () => {
    const step = await srpSignIn(h.sdk, s, 'pat', { deviceKey: device.deviceKey })
    const done = await smsAnswer(s, step.Session)
    expect(done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).toBeTruthy()
    expect(done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).not.toBe(device.deviceKey)
  })
})

describe('MFA on, ChallengeRequiredOnNewDevice = false', () => {
  it('asks MFA even for a remembered device, then device SRP', async () => {
    const s = await seed(h.sdk, {
      pool: {
        MfaConfiguration: 'ON',
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      },
      users: [{ username: 'pat', attributes: phone }],
    })
    const device = await rememberedDevice(s)
    const step = await srpSignIn(h.sdk, s, 'pat', { deviceKey: device.deviceKey })
    expect(step.ChallengeName).toBe('SMS_MFA')
    const next = await smsAnswer(s, step.Session, device.deviceKey)
    expect(next.ChallengeName).toBe('DEVICE_SRP_AUTH')
    expect((await deviceAuth(h.sdk, s, 'pat', next.Session, device)).AuthenticationResult).toBeTruthy()
  })
})

describe('option devices.notRememberedKey = new-device', () => {
  it('treats a not_remembered key as a new device after MFA', async () => {
    const other = await start({ devices: { notRememberedKey: 'new-device' } })
    try {
      const s = await seed(other.sdk, {
        pool: { MfaConfiguration: 'OFF', DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } },
      })
      const first = await srpSignIn(other.sdk, s, 'alice')
      const { secrets, config } = await deviceConfig(first.AuthenticationResult!.NewDeviceMetadata!)
      const confirm = await other.sdk.send(
        new ConfirmDeviceCommand({
          AccessToken: first.AuthenticationResult!.AccessToken,
          DeviceKey: secrets.deviceKey,
          DeviceSecretVerifierConfig: config,
        }),
      )
      expect(confirm.UserConfirmationNecessary).toBe(true)
      const again = await srpSignIn(other.sdk, s, 'alice', { deviceKey: secrets.deviceKey })
      expect(again.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).not.toBe(secrets.deviceKey)
    } finally {
      await other.cognito.close()
    }
  })
})
