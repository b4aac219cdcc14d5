// A storage written by the last release (0.1.0, frozen in release-0.1.0.mjs), opened by this one: the
// user is still signed in, with no call to Cognito, and the device is still remembered: after a
// sign-out, the next sign-in skips MFA with device SRP, as it did before the upgrade.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthClient, fetchTransport, memoryStorage, type AuthStorage } from '../../src/index'
import { startHarness, type Harness } from '../e2e/harness'
import * as release from './release-0.1.0.mjs'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h?.close())

const PASSWORD = 'Upgrade-Pa55word!'

describe('upgrading from 0.1.0', () => {
  it('a user signed in with the last release stays signed in, and the remembered device still skips MFA', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'opt-in' })
    await h.user(pool, 'ana', PASSWORD)
    const secret = await h.enrolTotp(pool, 'ana', PASSWORD)
    const storage = memoryStorage()
    const config = { userPoolId: pool.userPoolId, clientId: pool.clientId, endpoint: h.cognito.endpoint, trust: { days: 30 } }

    // the last release signs in (TOTP), remembers the device and is left signed in
    const old = release.createAuthClient({ ...config, transport: release.fetchTransport(), storage })
    let before = await old.signIn({ username: 'ana', password: PASSWORD })
    expect(before.step).toBe('mfaCode')
    before = await old.submitCode(h.code(secret))
    expect(before.step).toBe('rememberDevice')
    before = await old.rememberDevice(true)
    expect(before).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
    old.stop()
    expect(storage.size).toBeGreaterThan(0)

    // this release opens the same storage: signed in at once, no call, the device remembered
    const calls: string[] = []
    const inner = fetchTransport()
    const client = createAuthClient({
      ...config,
      storage: storage as AuthStorage,
      transport: { send: (operation, input, target, options) => (calls.push(operation), inner.send(operation, input, target, options)) },
    })
    client.start()
    const view = await new Promise<ReturnType<typeof client.getView>>((resolve) => {
      const check = () => client.getView().step !== 'working' && resolve(client.getView())
      client.subscribe(check)
      check()
    })
    expect(view).toMatchObject({ step: 'signedIn', username: 'ana', device: { status: 'remembered' } })
    const tokens = await client.getTokens()
    expect(tokens?.accessToken.split('.')).toHaveLength(3)
    expect(calls).toEqual([])

    // and the device the last release remembered skips MFA on the next sign-in: device SRP, four calls
    expect((await client.signOut()).step).toBe('signedOut')
    calls.length = 0
    const again = await client.signIn({ username: 'ana', password: PASSWORD })
    expect(again).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
    expect(calls).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge', 'RespondToAuthChallenge'])
    client.stop()
  })
})
