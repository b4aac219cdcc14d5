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
