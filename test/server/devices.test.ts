import {
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
  ConfirmDeviceCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  UpdateDeviceStatusCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claims, deviceAuth, deviceConfig, failure, seed, srpSignIn, start, type DeviceSecrets, type Harness, type Seeded } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

/** Signs in as a new device and confirms it; returns the tokens and the device secrets. */
async function newConfirmedDevice(s: Seeded, username = 'alice') {
  const out = await srpSignIn(h.sdk, s, username)
  const result = out.AuthenticationResult!
  const { secrets, config } = await deviceConfig(result.NewDeviceMetadata!)
  const confirm = await h.sdk.send(
    new ConfirmDeviceCommand({
      AccessToken: result.AccessToken,
      DeviceKey: secrets.deviceKey,
      DeviceSecretVerifierConfig: config,
      DeviceName: 'test-device',
    }),
  )
  return { result, secrets, confirm }
}

describe('device tracking, always remember', () => {
  let s: Seeded
  let device: DeviceSecrets
  let refresh: string
  beforeAll(async () => {
    s = await seed(h.sdk, {
      pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false } },
    })
  })

  it('issues NewDeviceMetadata, binds the access token to it, and ConfirmDevice remembers it at once', async () => {
    const { result, secrets, confirm } = await newConfirmedDevice(s)
    expect(secrets.deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/)
    expect(claims(result.AccessToken).device_key).toBe(secrets.deviceKey)
    expect(confirm.UserConfirmationNecessary).toBe(false)
    const { Device } = await h.sdk.send(new GetDeviceCommand({ AccessToken: result.AccessToken, DeviceKey: secrets.deviceKey }))
    const attrs = Object.fromEntries(Device!.DeviceAttributes!.map((a) => [a.Name, a.Value]))
    expect(attrs).toMatchObject({ device_name: 'test-device', 'dev:device_remembered_status': 'remembered', device_status: 'valid' })
    expect(attrs['dev:device_owner']).toBe(`alice.${s.poolId}`)
    expect(Device!.DeviceCreateDate).toBeInstanceOf(Date)
    device = secrets
    refresh = result.RefreshToken!
  })

  it('signs a remembered device in through DEVICE_SRP_AUTH, without NewDeviceMetadata', async () => {
    const first = await srpSignIn(h.sdk, s, 'alice', { deviceKey: device.deviceKey })
    expect(first.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const done = await deviceAuth(h.sdk, s, 'alice', first.Session, device)
    expect(done.AuthenticationResult?.NewDeviceMetadata).toBeUndefined()
    expect(claims(done.AuthenticationResult?.AccessToken).device_key).toBe(device.deviceKey)
  })

  it('refuses a wrong device password', async () => {
    const first = await srpSignIn(h.sdk, s, 'alice', { deviceKey: device.deviceKey })
    const error = await failure(deviceAuth(h.sdk, s, 'alice', first.Session, device, { devicePassword: 'not-the-secret' }))
    expect(error.name).toBe('NotAuthorizedException')
    expect(error.message).toBe('Incorrect username or password.')
  })

  it('binds refresh tokens to the device', async () => {
    const ok = await h.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: s.clientId,
        AuthParameters: { REFRESH_TOKEN: refresh, DEVICE_KEY: device.deviceKey },
      }),
    )
    expect(ok.AuthenticationResult?.RefreshToken).toBeUndefined()
    expect(ok.AuthenticationResult?.NewDeviceMetadata).toBeUndefined()
    expect(claims(ok.AuthenticationResult?.AccessToken).device_key).toBe(device.deviceKey)
    const without = await failure(
      h.sdk.send(
        new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: s.clientId, AuthParameters: { REFRESH_TOKEN: refresh } }),
      ),
    )
    expect(without.message).toBe('Invalid Refresh Token')
  })

  it('answers an unknown key with "Device does not exist." and lets the same session retry without it', async () => {
    const error = await failure(
      srpSignIn(h.sdk, s, 'alice', { deviceKey: 'us-east-1_00000000-0000-0000-0000-000000000000', deviceKeyAtStart: true }),
    )
    expect(error.name).toBe('ResourceNotFoundException')
    expect(error.message).toBe('Device does not exist.')
  })

  it('keeps the PASSWORD_VERIFIER session usable after a bad DEVICE_KEY', async () => {
    const { generateEphemeral, computePasswordClaim } = await import('../../src/srp')
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
      password: 'Passw0rd!',
      srpB: p.SRP_B!,
      salt: p.SALT!,
      secretBlock: p.SECRET_BLOCK!,
      ephemeral,
    })
    const answer = (extra: Record<string, string>) =>
      h.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: s.clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: started.Session,
          ChallengeResponses: { USERNAME: 'alice', ...claim, ...extra },
        }),
      )
    const bad = await failure(answer({ DEVICE_KEY: 'us-east-1_11111111-1111-1111-1111-111111111111' }))
    expect(bad.message).toBe('Device does not exist.')
    const ok = await answer({})
    expect(ok.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).toBeTruthy()
  })

  it('ForgetDevice removes it: later calls and refreshes fail', async () => {
    const { result, secrets } = await newConfirmedDevice(s)
    await h.sdk.send(new ForgetDeviceCommand({ AccessToken: result.AccessToken, DeviceKey: secrets.deviceKey }))
    const update = await failure(
      h.sdk.send(
        new UpdateDeviceStatusCommand({
          AccessToken: result.AccessToken,
          DeviceKey: secrets.deviceKey,
          DeviceRememberedStatus: 'remembered',
        }),
      ),
    )
    expect(update.message).toBe('Device does not exist.')
    const refreshed = await failure(
      h.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: s.clientId,
          AuthParameters: { REFRESH_TOKEN: result.RefreshToken!, DEVICE_KEY: secrets.deviceKey },
        }),
      ),
    )
    expect(refreshed.message).toBe('Invalid Refresh Token')
  })
})

describe('device tracking, remembered on user prompt', () => {
  let s: Seeded
  beforeAll(async () => {
    s = await seed(h.sdk, { pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } } })
  })

  it('needs UpdateDeviceStatus; not_remembered devices are hidden from user calls but not from admin calls', async () => {
    const { result, secrets, confirm } = await newConfirmedDevice(s)
    expect(confirm.UserConfirmationNecessary).toBe(true)
    const listed = await h.sdk.send(new ListDevicesCommand({ AccessToken: result.AccessToken, Limit: 60 }))
    expect(listed.Devices).toEqual([])
    const hidden = await failure(h.sdk.send(new GetDeviceCommand({ AccessToken: result.AccessToken, DeviceKey: secrets.deviceKey })))
    expect(hidden.message).toBe('Device does not exist.')
    const admin = await h.sdk.send(new AdminGetDeviceCommand({ UserPoolId: s.poolId, Username: 'alice', DeviceKey: secrets.deviceKey }))
    expect(admin.Device?.DeviceAttributes).toContainEqual({ Name: 'dev:device_remembered_status', Value: 'not_remembered' })
    await h.sdk.send(
      new UpdateDeviceStatusCommand({
        AccessToken: result.AccessToken,
        DeviceKey: secrets.deviceKey,
        DeviceRememberedStatus: 'remembered',
      }),
    )
    const after = await h.sdk.send(new ListDevicesCommand({ AccessToken: result.AccessToken }))
    expect(after.Devices?.map((d) => d.DeviceKey)).toEqual([secrets.deviceKey])
  })

  it('pages ListDevices and AdminListDevices', async () => {
    const second = await newConfirmedDevice(s)
    await h.sdk.send(
      new UpdateDeviceStatusCommand({
        AccessToken: second.result.AccessToken,
        DeviceKey: second.secrets.deviceKey,
        DeviceRememberedStatus: 'remembered',
      }),
    )
    const page1 = await h.sdk.send(new ListDevicesCommand({ AccessToken: second.result.AccessToken, Limit: 1 }))
    expect(page1.Devices).toHaveLength(1)
    expect(page1.PaginationToken).toBeTruthy()
    const page2 = await h.sdk.send(
      new ListDevicesCommand({ AccessToken: second.result.AccessToken, Limit: 1, PaginationToken: page1.PaginationToken }),
    )
    expect(page2.Devices).toHaveLength(1)
    expect(page2.PaginationToken).toBeUndefined()
    expect(page2.Devices![0]!.DeviceKey).not.toBe(page1.Devices![0]!.DeviceKey)
    const admin = await h.sdk.send(new AdminListDevicesCommand({ UserPoolId: s.poolId, Username: 'alice', Limit: 60 }))
    expect(admin.Devices!.length).toBeGreaterThanOrEqual(2)
  })

  it('admin status changes and AdminForgetDevice take effect', async () => {
    const { secrets } = await newConfirmedDevice(s)
    await h.sdk.send(
      new AdminUpdateDeviceStatusCommand({
        UserPoolId: s.poolId,
        Username: 'alice',
        DeviceKey: secrets.deviceKey,
        DeviceRememberedStatus: 'remembered',
      }),
    )
    const got = await h.sdk.send(new AdminGetDeviceCommand({ UserPoolId: s.poolId, Username: 'alice', DeviceKey: secrets.deviceKey }))
    expect(got.Device?.DeviceAttributes).toContainEqual({ Name: 'dev:device_remembered_status', Value: 'remembered' })
    await h.sdk.send(new AdminForgetDeviceCommand({ UserPoolId: s.poolId, Username: 'alice', DeviceKey: secrets.deviceKey }))
    const gone = await failure(
      h.sdk.send(new AdminGetDeviceCommand({ UserPoolId: s.poolId, Username: 'alice', DeviceKey: secrets.deviceKey })),
    )
    expect(gone.name).toBe('ResourceNotFoundException')
    const signIn = await failure(srpSignIn(h.sdk, s, 'alice', { deviceKey: secrets.deviceKey }))
    expect(signIn.message).toBe('Device does not exist.')
  })
})
