import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryStorage, type AuthView } from '../../src/index'
import { startHarness, TRANSPORTS, ops, type Harness, type Pool, type TransportKind } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h.close())

const PASSWORD = 'correct horse 1'

/** Takes the persisted snapshot of a waiting client through JSON, as a page reload or a stateless server would, and restores it. */
function reload(pool: Pool, kind: TransportKind, from: ReturnType<Harness['client']>, storage: ReturnType<typeof memoryStorage>) {
  const text = JSON.stringify(from.getPersistedSnapshot())
  expect(text).not.toContain(PASSWORD)
  from.stop()
  const next = h.client(pool, kind, { storage, snapshot: JSON.parse(text), trust: { days: 30 } })
  next.start()
  return next
}

describe.each(TRANSPORTS)('a persisted snapshot restores and continues (%s)', (kind) => {
  it('in totpSetup and then in rememberDevice', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'opt-in' })
    await h.user(pool, 'rs1', PASSWORD)
    const storage = memoryStorage()
    const first = h.client(pool, kind, { storage, trust: { days: 30 } })
    const view = await first.signIn({ username: 'rs1', password: PASSWORD })
    expect(view.step).toBe('totpSetup')
    const secret = (view as Extract<AuthView, { step: 'totpSetup' }>).secret
    const second = reload(pool, kind, first, storage)
    expect(second.getView()).toMatchObject({ step: 'totpSetup', secret })
    expect(await second.confirmTotpSetup(h.code(secret))).toMatchObject({ step: 'rememberDevice', reason: 'newDevice' })
    const third = reload(pool, kind, second, storage)
    expect(third.getView().step).toBe('rememberDevice')
    expect(await third.rememberDevice(true)).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
    expect(ops(third.calls)).toEqual(['UpdateDeviceStatus'])
  })

  it('in newPassword', async () => {
    const pool = await h.pool()
    await h.user(pool, 'rs2', PASSWORD, {}, { temporary: true })
    const storage = memoryStorage()
    const first = h.client(pool, kind, { storage })
    expect((await first.signIn({ username: 'rs2', password: PASSWORD })).step).toBe('newPassword')
    const second = reload(pool, kind, first, storage)
    expect(second.getView().step).toBe('newPassword')
    expect((await second.submitNewPassword({ password: 'Another-Pass-3' })).step).toBe('signedIn')
  })

  it('in signedIn: a reload keeps the session and its device', async () => {
    const pool = await h.pool({ devices: 'always' })
    await h.user(pool, 'rs3', PASSWORD)
    const storage = memoryStorage()
    const first = h.client(pool, kind, { storage })
    const view = await first.signIn({ username: 'rs3', password: PASSWORD })
    expect(view.step).toBe('signedIn')
    const second = reload(pool, kind, first, storage)
    expect(second.getView()).toMatchObject({ step: 'signedIn', username: 'rs3', device: { status: 'remembered' } })
    expect(second.calls).toEqual([])
    expect((await second.getTokens())?.accessToken).toMatch(/^ey/)
  })
})

describe.each(TRANSPORTS)('pools that keep MFA for remembered devices (%s)', (kind) => {
  it('DEVICE_SRP_AUTH follows the MFA answer; Cognito still holds the device remembered (GetDevice), so nobody is asked again', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'opt-in', skipMfaForRemembered: false })
    await h.user(pool, 'mfa', PASSWORD)
    const secret = await h.enrolTotp(pool, 'mfa', PASSWORD)
    const client = h.client(pool, kind, { trust: { days: 30 } })
    await client.signIn({ username: 'mfa', password: PASSWORD })
    await client.submitCode(h.code(secret))
    const first = await client.rememberDevice(true)
    if (first.step !== 'signedIn') throw new Error(first.step)
    const deviceKey = first.device!.deviceKey
    await client.signOut()
    h.cognito.clock.advance(60_000)
    client.calls.length = 0
    let view = await client.signIn({ username: 'mfa', password: PASSWORD })
    expect(view.step).toBe('mfaCode')
    view = await client.submitCode(h.code(secret))
    expect(view).toMatchObject({ step: 'signedIn', device: { deviceKey, status: 'remembered' } })
    expect(ops(client.calls)).toEqual([
      'InitiateAuth',
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
      'GetDevice',
    ])
  })
})
