// The proof, end to end over HTTP against the local server: the real client remembers devices
// with a 30-day trust kept in a custom attribute, the clock moves 31 days, the sweep runs, and Cognito
// itself (not the client) now asks for MFA on the expired device, while a device still in trust keeps
// skipping MFA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminGetDevice, sweepExpiredTrust } from '../../src/admin'
import { parseTrustMap } from '../../src/device/trustMap'
import { ops, startHarness, TRANSPORTS, type Harness, type Pool } from '../e2e/harness'

const DAY = 86_400_000
const ATTRIBUTE = 'custom:trusted_devices'
const PASSWORD = 'correct horse 1'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h.close())

describe.each(TRANSPORTS)('trust expiry enforced by the sweep (%s transport)', (kind) => {
  /** A pool with TOTP MFA on, opt-in device remembering, the trust attribute; Ana enrolled in TOTP. */
  async function setup(): Promise<{ pool: Pool; secret: string }> {
    const pool = await h.pool({
      mfa: 'ON',
      devices: 'opt-in',
      schema: [{ Name: 'trusted_devices', AttributeDataType: 'String', Mutable: true }],
    })
    await h.user(pool, 'ana', PASSWORD)
    return { pool, secret: await h.enrolTotp(pool, 'ana', PASSWORD) }
  }

  /** Signs in on a new device, answers MFA and says "remember"; returns the device key. */
  async function rememberNewDevice(client: ReturnType<Harness['client']>, secret: string): Promise<string> {
    let view = await client.signIn({ username: 'ana', password: PASSWORD })
    expect(view.step).toBe('mfaCode')
    view = await client.submitCode(h.code(secret))
    if (view.step !== 'rememberDevice') throw new Error(`expected rememberDevice, got ${view.step}`)
    const key = view.deviceKey
    view = await client.rememberDevice(true)
    expect(view.step).toBe('signedIn')
    await client.signOut()
    return key
  }

  const sweep = (pool: Pool) =>
    sweepExpiredTrust({ client: h.sdk, userPoolId: pool.userPoolId, attribute: ATTRIBUTE, now: h.cognito.clock.now() })
  const status = (pool: Pool, deviceKey: string) =>
    adminGetDevice({ client: h.sdk, userPoolId: pool.userPoolId, username: 'ana', deviceKey }).then((d) => d.rememberedStatus)
  const trustMap = async (pool: Pool) => {
    const { AdminGetUserCommand } = await import('@aws-sdk/client-cognito-identity-provider')
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'ana' }))
    return parseTrustMap(user.UserAttributes?.find((a) => a.Name === ATTRIBUTE)?.Value)
  }

  it('30-day trust, +31 days, sweep: the expired device gets MFA and the remember question again; a device in trust still skips MFA', async () => {
    const { pool, secret } = await setup()
    const trust = { days: 30, attribute: ATTRIBUTE }
    const laptop = h.client(pool, kind, { trust })
    const laptopKey = await rememberNewDevice(laptop, secret)
    h.cognito.clock.advance(20 * DAY)
    const phone = h.client(pool, kind, { trust })
    const phoneKey = await rememberNewDevice(phone, secret)
    expect(Object.keys((await trustMap(pool))!).sort()).toEqual([laptopKey, phoneKey].sort())

    h.cognito.clock.advance(11 * DAY) // day 31: the laptop's trust ended on day 30, the phone's runs to day 50
    const report = await sweep(pool)
    expect(report).toMatchObject({ usersScanned: 1, devicesExpired: 1, entriesPruned: 1, errors: [], complete: true })
    expect(await status(pool, laptopKey)).toBe('not_remembered')
    expect(await status(pool, phoneKey)).toBe('remembered')
    expect(Object.keys((await trustMap(pool))!)).toEqual([phoneKey])

    let view = await laptop.signIn({ username: 'ana', password: PASSWORD })
    expect(view.step).toBe('mfaCode')
    view = await laptop.submitCode(h.code(secret))
    expect(view.step).toBe('rememberDevice')
    view = await laptop.rememberDevice(true)
    expect(view.step).toBe('signedIn')

    phone.calls.length = 0
    view = await phone.signIn({ username: 'ana', password: PASSWORD })
    expect(view.step).toBe('signedIn')
    if (view.step !== 'signedIn') return
    expect(view.device?.deviceKey).toBe(phoneKey)
    expect(ops(phone.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge', 'RespondToAuthChallenge'])
  })

  it('enforces expiry a client cannot: a device whose clock was set back skips MFA until the sweep, then is asked for MFA and to remember again', async () => {
    const { pool, secret } = await setup()
    let setBack = 0
    const laptop = h.client(pool, kind, {
      trust: { days: 30, attribute: ATTRIBUTE },
      clock: { now: () => h.cognito.clock.now() - setBack },
    })
    const laptopKey = await rememberNewDevice(laptop, secret)

    h.cognito.clock.advance(31 * DAY)
    setBack = 31 * DAY // the device's clock says its trust still runs, so it presents its key

    // Without the sweep, Cognito lets the remembered key skip MFA although the deadline has passed.
    let view = await laptop.signIn({ username: 'ana', password: PASSWORD })
    expect(view.step).toBe('signedIn')
    await laptop.signOut()

    expect((await sweep(pool)).devicesExpired).toBe(1)
    expect(await status(pool, laptopKey)).toBe('not_remembered')

    view = await laptop.signIn({ username: 'ana', password: PASSWORD })
    expect(view.step).toBe('mfaCode')
    view = await laptop.submitCode(h.code(secret))
    expect(view.step).toBe('rememberDevice')
    if (view.step !== 'rememberDevice') return
    expect(view).toMatchObject({ deviceKey: laptopKey, reason: 'reasked' })
    view = await laptop.rememberDevice(true)
    expect(view.step).toBe('signedIn')
    expect(await status(pool, laptopKey)).toBe('remembered')
    expect(Object.keys((await trustMap(pool))!)).toEqual([laptopKey])
  })
})
