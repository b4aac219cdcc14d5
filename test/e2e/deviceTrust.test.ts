import { AdminGetDeviceCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, TRANSPORTS, ops, type Harness, listed } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h.close())

const DAY = 86_400_000

describe.each(TRANSPORTS)('TOTP MFA with opt-in device remembering and 30-day trust (%s)', (kind) => {
  it('remembers, skips MFA with device SRP in 4 calls, re-asks after the trust deadline', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'opt-in' })
    await h.user(pool, 'ana', 'correct horse 1')
    const secret = await h.enrolTotp(pool, 'ana', 'correct horse 1')
    const client = h.client(pool, kind, { trust: { days: 30 } })

    let view = await client.signIn({ username: 'ana', password: 'correct horse 1' })
    expect(view.step).toBe('mfaCode')
    if (view.step !== 'mfaCode') return
    expect(view.channel).toBe('TOTP')
    view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('rememberDevice')
    if (view.step !== 'rememberDevice') return
    expect(view.reason).toBe('newDevice')
    const firstKey = view.deviceKey
    view = await client.rememberDevice(true)
    expect(view.step).toBe('signedIn')
    if (view.step !== 'signedIn') return
    expect(view.device?.status).toBe('remembered')
    expect(view.device!.trustedUntil! - h.cognito.clock.now()).toBeGreaterThan(29 * DAY)
    expect(ops(client.calls)).toEqual([
      'InitiateAuth',
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
      'ConfirmDevice',
      'UpdateDeviceStatus',
    ])

    view = await client.signOut()
    expect(view.step).toBe('signedOut')

    client.calls.length = 0
    view = await client.signIn({ username: 'ana', password: 'correct horse 1' })
    expect(view.step).toBe('signedIn')
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge', 'RespondToAuthChallenge'])
    if (view.step !== 'signedIn') return
    expect(view.device?.deviceKey).toBe(firstKey)
    await client.signOut()

    h.cognito.clock.advance(31 * DAY)
    client.calls.length = 0
    view = await client.signIn({ username: 'ana', password: 'correct horse 1' })
    expect(view.step).toBe('mfaCode')
    expect(view.notice).toBe('trustExpired')
    view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('rememberDevice')
    if (view.step !== 'rememberDevice') return
    expect(view.deviceKey).not.toBe(firstKey)
    view = await client.rememberDevice(true)
    expect(view.step).toBe('signedIn')
    expect(ops(client.calls)).toEqual([
      'InitiateAuth',
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
      'ConfirmDevice',
      'UpdateDeviceStatus',
      'ForgetDevice',
    ])
    const devices = await listed(client)
    expect(devices.map((d) => d.deviceKey)).not.toContain(firstKey)
  })
})

describe.each(TRANSPORTS)('a trust deadline reached while signed in, at its boundary (%s)', (kind) => {
  it('1 ms before trustedUntil the device stays remembered and nothing is sent; at trustedUntil UpdateDeviceStatus marks it not_remembered', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'opt-in' })
    await h.user(pool, 'bea', 'correct horse 2')
    const secret = await h.enrolTotp(pool, 'bea', 'correct horse 2')
    // the client's own clock: the server's time until the test pins it (the server's clock never moves)
    let pinned: number | null = null
    const clock = { now: () => pinned ?? h.cognito.clock.now() }
    const client = h.client(pool, kind, { trust: { days: 30 }, clock })
    const serverStatus = async (deviceKey: string) => {
      const { Device } = await h.sdk.send(new AdminGetDeviceCommand({ UserPoolId: pool.userPoolId, Username: 'bea', DeviceKey: deviceKey }))
      return Device?.DeviceAttributes?.find((a) => a.Name === 'dev:device_remembered_status')?.Value
    }

    const started = clock.now()
    let view = await client.signIn({ username: 'bea', password: 'correct horse 2' })
    expect(view.step).toBe('mfaCode')
    view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('rememberDevice')
    const rememberedAt = clock.now()
    view = await client.rememberDevice(true)
    expect(view.step).toBe('signedIn')
    if (view.step !== 'signedIn') return
    expect(view.device?.status).toBe('remembered')
    const deviceKey = view.device!.deviceKey
    const trustedUntil = view.device!.trustedUntil!
    // the period runs from the sign-in that created the key, not from the yes, and ends an hour early
    const confirmedAt = view.device!.confirmedAt
    expect(confirmedAt).toBeGreaterThanOrEqual(started)
    expect(confirmedAt).toBeLessThanOrEqual(rememberedAt)
    expect(trustedUntil).toBe(confirmedAt + 30 * DAY - 60 * 60_000)
    expect(await serverStatus(deviceKey)).toBe('remembered')

    // Ten minutes before the deadline the tokens are long due: refresh them here, so that no refresh is
    // due at the boundary and the only call there can be the trust check's.
    pinned = trustedUntil - 10 * 60_000
    client.calls.length = 0
    expect(await client.getTokens()).not.toBeNull()
    expect(ops(client.calls)).toEqual(['InitiateAuth'])
    expect(client.getView()).toMatchObject({ step: 'signedIn', device: { deviceKey, status: 'remembered', trustedUntil } })

    // one millisecond before the deadline: still remembered, nothing sent
    pinned = trustedUntil - 1
    client.calls.length = 0
    expect(await client.getTokens()).not.toBeNull()
    expect(ops(client.calls)).toEqual([])
    view = client.getView()
    expect(view).toMatchObject({ step: 'signedIn', device: { deviceKey, status: 'remembered', trustedUntil } })
    expect(view.notice).not.toBe('trustExpired')
    expect(await serverStatus(deviceKey)).toBe('remembered')

    // at the deadline exactly: UpdateDeviceStatus marks the device not_remembered, on the server too
    pinned = trustedUntil
    expect(await client.getTokens()).not.toBeNull()
    expect(ops(client.calls)).toEqual(['UpdateDeviceStatus'])
    view = client.getView()
    expect(view).toMatchObject({ step: 'signedIn', notice: 'trustExpired', device: { deviceKey, status: 'not_remembered' } })
    expect(await serverStatus(deviceKey)).toBe('not_remembered')

    // and once only: a later check sends nothing more
    pinned = trustedUntil + 1
    expect(await client.getTokens()).not.toBeNull()
    expect(ops(client.calls)).toEqual(['UpdateDeviceStatus'])
  })
})
