import {
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminGetUserCommand,
  AdminUpdateDeviceStatusCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryStorage } from '../../src/index'
import { startHarness, TRANSPORTS, ops, type Harness, type Pool, type TransportKind, listed } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h.close())

const PASSWORD = 'correct horse 1'
const DAY = 86_400_000

/** A pool with TOTP required and device tracking, and a signed-in client whose device is remembered. */
async function remembered(kind: TransportKind, spec: Parameters<Harness['pool']>[0] = {}, extra: Parameters<Harness['client']>[2] = {}) {
  const pool = await h.pool({ mfa: 'ON', devices: 'opt-in', ...spec })
  const username = `u${Math.random().toString(36).slice(2, 8)}`
  await h.user(pool, username, PASSWORD)
  const secret = await h.enrolTotp(pool, username, PASSWORD)
  const client = h.client(pool, kind, { trust: { days: 30 }, ...extra })
  let view = await client.signIn({ username, password: PASSWORD })
  if (view.step === 'mfaCode') view = await client.submitCode(h.code(secret))
  if (view.step === 'rememberDevice') view = await client.rememberDevice(true)
  if (view.step !== 'signedIn' || !view.device) throw new Error(`setup did not sign in with a device: ${view.step}`)
  return { pool, username, secret, client, deviceKey: view.device.deviceKey }
}

async function deviceStatus(pool: Pool, username: string, deviceKey: string) {
  const out = await h.sdk.send(new AdminGetDeviceCommand({ UserPoolId: pool.userPoolId, Username: username, DeviceKey: deviceKey }))
  return out.Device?.DeviceAttributes?.find((a) => a.Name === 'dev:device_remembered_status')?.Value
}

describe.each(TRANSPORTS)('devices (%s)', (kind) => {
  it('always-remember pool: ConfirmDevice remembers at once, no prompt', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'always' })
    await h.user(pool, 'alw', PASSWORD)
    const secret = await h.enrolTotp(pool, 'alw', PASSWORD)
    const client = h.client(pool, kind, { trust: { days: 60 } })
    await client.signIn({ username: 'alw', password: PASSWORD })
    const view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('signedIn')
    if (view.step !== 'signedIn') return
    expect(view.device?.status).toBe('remembered')
    expect(await deviceStatus(pool, 'alw', view.device!.deviceKey)).toBe('remembered')
    expect(ops(client.calls).at(-1)).toBe('ConfirmDevice')
  })

  it('opt-in "no": UpdateDeviceStatus not_remembered; the next sign-in asks MFA and the question again', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'opt-in' })
    await h.user(pool, 'nop', PASSWORD)
    const secret = await h.enrolTotp(pool, 'nop', PASSWORD)
    const client = h.client(pool, kind)
    await client.signIn({ username: 'nop', password: PASSWORD })
    let view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('rememberDevice')
    view = await client.rememberDevice(false)
    expect(view.step).toBe('signedIn')
    if (view.step !== 'signedIn') return
    const key = view.device!.deviceKey
    expect(await deviceStatus(pool, 'nop', key)).toBe('not_remembered')
    await client.signOut()
    h.cognito.clock.advance(60_000)
    view = await client.signIn({ username: 'nop', password: PASSWORD })
    expect(view.step).toBe('mfaCode')
    view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('rememberDevice')
    if (view.step !== 'rememberDevice') return
    expect(view).toMatchObject({ reason: 'reasked', deviceKey: key })
  })

  it('alias sign-in with USER_PASSWORD_AUTH finds the device before InitiateAuth and goes straight to device SRP', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'always', usernameAttributes: ['email'] })
    await h.user(pool, 'ali@example.com', PASSWORD, { email: 'ali@example.com', email_verified: 'true' })
    const secret = await h.enrolTotp(pool, 'ali@example.com', PASSWORD)
    const client = h.client(pool, kind, { authFlow: 'USER_PASSWORD_AUTH' })
    await client.signIn({ username: 'ali@example.com', password: PASSWORD })
    let view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('signedIn')
    if (view.step !== 'signedIn') return
    expect(view.userId).not.toBe('ali@example.com')
    const deviceKey = view.device!.deviceKey
    await client.signOut()
    client.calls.length = 0
    view = await client.signIn({ username: 'ALI@example.com', password: PASSWORD })
    expect(view).toMatchObject({ step: 'signedIn', device: { deviceKey } })
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge'])
  })

  it('re-asked when Cognito challenges a remembered device (an admin marked it not_remembered)', async () => {
    const { pool, username, secret, client, deviceKey } = await remembered(kind)
    await client.signOut()
    await h.sdk.send(
      new AdminUpdateDeviceStatusCommand({
        UserPoolId: pool.userPoolId,
        Username: username,
        DeviceKey: deviceKey,
        DeviceRememberedStatus: 'not_remembered',
      }),
    )
    h.cognito.clock.advance(60_000)
    let view = await client.signIn({ username, password: PASSWORD })
    expect(view.step).toBe('mfaCode')
    view = await client.submitCode(h.code(secret))
    expect(view).toMatchObject({ step: 'rememberDevice', reason: 'reasked', deviceKey })
    view = await client.rememberDevice(true)
    expect(view.step).toBe('signedIn')
    if (view.step !== 'signedIn') return
    expect(view.device).toMatchObject({ deviceKey, status: 'remembered' })
    expect(view.device!.trustedUntil! - h.cognito.clock.now()).toBeGreaterThan(29 * DAY)
    expect(await deviceStatus(pool, username, deviceKey)).toBe('remembered')
  })

  it('trust deadline passing while signed in marks the device not_remembered at once', async () => {
    const { pool, username, client, deviceKey } = await remembered(kind, {}, { trust: { days: 1 } })
    // A day of use: the client refreshes its tokens as the clock moves, then the deadline passes.
    for (let hour = 0; hour < 24; hour++) {
      h.cognito.clock.advance(3_600_000)
      expect(await client.getTokens()).not.toBeNull()
    }
    expect(ops(client.calls)).toContain('UpdateDeviceStatus')
    expect(ops(client.calls).filter((o) => o === 'UpdateDeviceStatus')).toHaveLength(2) // remembered, then expired
    expect(await deviceStatus(pool, username, deviceKey)).toBe('not_remembered')
    const view = client.getView()
    expect(view).toMatchObject({ step: 'signedIn', notice: 'trustExpired', device: { deviceKey, status: 'not_remembered' } })
  })

  it('trust.attribute keeps the device deadline in a custom attribute', async () => {
    const schema = [{ Name: 'trusted_devices', AttributeDataType: 'String' as const, Mutable: true }]
    const { pool, username, deviceKey } = await remembered(kind, { schema }, { trust: { days: 30, attribute: 'custom:trusted_devices' } })
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }))
    const value = user.UserAttributes?.find((a) => a.Name === 'custom:trusted_devices')?.Value
    expect(value).toBeDefined()
    const map = JSON.parse(value!) as Record<string, number>
    expect(map[deviceKey]! * 1000 - h.cognito.clock.now()).toBeGreaterThan(29 * DAY)
  })

  it('trust.attribute after expiry: the new device is added and the forgotten one removed in the same session', async () => {
    const schema = [{ Name: 'trusted_devices', AttributeDataType: 'String' as const, Mutable: true }]
    const { pool, username, secret, client, deviceKey } = await remembered(
      kind,
      { schema },
      { trust: { days: 30, attribute: 'custom:trusted_devices' } },
    )
    await client.signOut()
    h.cognito.clock.advance(31 * DAY)
    await client.signIn({ username, password: PASSWORD })
    const prompt = await client.submitCode(h.code(secret))
    if (prompt.step !== 'rememberDevice') throw new Error(prompt.step)
    const view = await client.rememberDevice(true)
    expect(view.step).toBe('signedIn')
    expect(ops(client.calls).slice(-6)).toEqual([
      'UpdateDeviceStatus',
      'GetUser',
      'UpdateUserAttributes',
      'ForgetDevice',
      'GetUser',
      'UpdateUserAttributes',
    ])
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }))
    const map = JSON.parse(user.UserAttributes!.find((a) => a.Name === 'custom:trusted_devices')!.Value!) as Record<string, number>
    expect(Object.keys(map)).toEqual([prompt.deviceKey])
    expect(map[deviceKey]).toBeUndefined()
  })

  it('stale device: dropped locally, signs in as a new device, the view says so, no loop', async () => {
    const { pool, username, secret, client, deviceKey } = await remembered(kind)
    await client.signOut()
    await h.sdk.send(new AdminForgetDeviceCommand({ UserPoolId: pool.userPoolId, Username: username, DeviceKey: deviceKey }))
    client.calls.length = 0
    let view = await client.signIn({ username, password: PASSWORD })
    expect(view).toMatchObject({ step: 'mfaCode', notice: 'staleDevice' })
    const staleCalls = ops(client.calls)
    // InitiateAuth with the forgotten key fails with "Device does not exist."; one retry without it, never more
    expect(staleCalls).toEqual(['InitiateAuth', 'InitiateAuth', 'RespondToAuthChallenge'])
    view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('rememberDevice')
    if (view.step !== 'rememberDevice') return
    expect(view.deviceKey).not.toBe(deviceKey)
    view = await client.rememberDevice(true)
    expect(view).toMatchObject({ step: 'signedIn', notice: 'staleDevice' })
  })

  it('refresh with DEVICE_KEY before expiry (injected clock), keeps the session', async () => {
    const { client } = await remembered(kind)
    const before = await client.getTokens()
    h.cognito.clock.advance(58 * 60_000)
    client.calls.length = 0
    const after = await client.getTokens()
    expect(ops(client.calls)).toEqual(['InitiateAuth'])
    expect(after!.accessToken).not.toBe(before!.accessToken)
    expect(after!.expiresAt).toBeGreaterThan(before!.expiresAt)
    const view = await client.refresh()
    expect(view.step).toBe('signedIn')
    expect(client.calls.length).toBe(2)
  })

  it('sign-out: global revokes the access token everywhere', async () => {
    const { client } = await remembered(kind)
    const tokens = await client.getTokens()
    const view = await client.signOut({ global: true })
    expect(view.step).toBe('signedOut')
    expect(ops(client.calls).at(-1)).toBe('GlobalSignOut')
    await expect(h.sdk.send(new GetUserCommand({ AccessToken: tokens!.accessToken }))).rejects.toThrow(/revoked/i)
    expect(await client.getTokens()).toBeNull()
  })

  it('sign-out: local revokes the refresh token', async () => {
    const { pool, client } = await remembered(kind)
    const tokens = await client.getTokens()
    await client.signOut()
    expect(ops(client.calls).at(-1)).toBe('RevokeToken')
    const { InitiateAuthCommand } = await import('@aws-sdk/client-cognito-identity-provider')
    await expect(
      h.sdk.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: tokens!.refreshToken! },
        }),
      ),
    ).rejects.toThrow(/Refresh Token/i)
  })

  it('list devices, forget another device, forget this device', async () => {
    const { pool, username, secret, client, deviceKey } = await remembered(kind)
    const second = h.client(pool, kind, { trust: { days: 30 } })
    await second.signIn({ username, password: PASSWORD })
    await second.submitCode(h.code(secret))
    const v = await second.rememberDevice(true)
    if (v.step !== 'signedIn') throw new Error('second device did not sign in')
    const otherKey = v.device!.deviceKey
    let devices = await listed(client)
    expect(devices.map((d) => d.deviceKey).sort()).toEqual([deviceKey, otherKey].sort())
    expect(devices.find((d) => d.current)?.deviceKey).toBe(deviceKey)
    let view = await client.forgetDevice(otherKey)
    expect(view).toMatchObject({ step: 'signedIn', device: { deviceKey } })
    devices = await listed(client)
    expect(devices.map((d) => d.deviceKey)).toEqual([deviceKey])
    view = await client.forgetDevice()
    expect(view).toMatchObject({ step: 'signedIn', device: null, notice: 'deviceForgotten' })
    devices = await listed(client)
    expect(devices).toEqual([])
  })

  it('a reload with valid tokens signs in with 0 calls; a persisted snapshot in mfaCode restores and continues', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'opt-in' })
    await h.user(pool, 'rel', PASSWORD)
    const secret = await h.enrolTotp(pool, 'rel', PASSWORD)
    const storage = memoryStorage()
    const first = h.client(pool, kind, { storage })
    await first.signIn({ username: 'rel', password: PASSWORD })
    const snapshot = first.getPersistedSnapshot()
    expect(JSON.stringify(snapshot)).not.toContain(PASSWORD)
    first.stop()
    const restored = h.client(pool, kind, { storage, snapshot: JSON.parse(JSON.stringify(snapshot)) })
    expect(restored.start().getView().step).toBe('mfaCode')
    let view = await restored.submitCode(h.code(secret))
    expect(view.step).toBe('rememberDevice')
    view = await restored.rememberDevice(true)
    expect(view.step).toBe('signedIn')
    restored.stop()
    const fresh = h.client(pool, kind, { storage })
    fresh.start()
    const { waitFor } = await import('xstate')
    await waitFor(fresh.actor, (s) => !s.matches('restoring'))
    expect(fresh.getView().step).toBe('signedIn')
    expect(fresh.calls).toEqual([])
  })
})
