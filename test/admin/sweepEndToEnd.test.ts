// Trust expiry end to end over HTTP against the local server: the real client (both transports)
// remembers devices with a 30-day trust, the clock moves, the sweep runs, and Cognito's own answers
// show who is asked for MFA. Cognito's dates decide: the client ends each period an hour before the
// sweep would, so the two never disagree, and nothing a user writes lengthens a period.
import { AdminGetUserCommand, UpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminGetDevice, sweepExpiredTrust } from '../../src/admin'
import { parseTrustMap } from '../../src/device/trustMap'
import type { AuthView } from '../../src/index'
import { ops, startHarness, TRANSPORTS, type Harness, type Pool } from '../e2e/harness'

const DAY = 86_400_000
const ATTRIBUTE = 'custom:trusted_devices'
const PASSWORD = 'correct horse 1'
const TRUST = { days: 30, attribute: ATTRIBUTE }
/** The calls of a sign-in on a remembered device: no MFA. */
const REMEMBERED = ['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge', 'RespondToAuthChallenge']

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h.close())

type Client = ReturnType<Harness['client']>

describe.each(TRANSPORTS)('trust expiry decided by Cognito’s dates (%s transport)', (kind) => {
  /** A pool with TOTP MFA on, opt-in device remembering, the trust attribute; `ana` enrolled in TOTP. */
  async function setup(): Promise<{ pool: Pool; secret: string }> {
    const pool = await h.pool({
      mfa: 'ON',
      devices: 'opt-in',
      schema: [{ Name: 'trusted_devices', AttributeDataType: 'String', Mutable: true }],
    })
    await h.user(pool, 'ana', PASSWORD)
    return { pool, secret: await h.enrolTotp(pool, 'ana', PASSWORD) }
  }

  /** Signs in; answers MFA and says yes to "remember?" when asked. Says whether MFA was asked, and the device and prompt. */
  async function signIn(client: Client, secret: string): Promise<{ mfa: boolean; reason: string | null; view: AuthView }> {
    client.calls.length = 0
    let view = await client.signIn({ username: 'ana', password: PASSWORD })
    const mfa = view.step === 'mfaCode'
    if (mfa) view = await client.submitCode(h.code(secret))
    const reason = view.step === 'rememberDevice' ? view.reason : null
    if (view.step === 'rememberDevice') view = await client.rememberDevice(true)
    if (view.step !== 'signedIn') throw new Error(`expected signedIn, got ${view.step}`)
    return { mfa, reason, view }
  }

  const deviceKeyOf = (view: AuthView) => (view.step === 'signedIn' ? (view.device?.deviceKey ?? null) : null)
  const sweep = (pool: Pool) => sweepExpiredTrust({ client: h.sdk, userPoolId: pool.userPoolId, days: 30, now: h.cognito.clock.now() })
  const status = (pool: Pool, deviceKey: string) =>
    adminGetDevice({ client: h.sdk, userPoolId: pool.userPoolId, username: 'ana', deviceKey }).then(
      (d) => d.rememberedStatus,
      (error: { code?: string }) => error.code,
    )
  const trustMap = async (pool: Pool) => {
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'ana' }))
    return parseTrustMap(user.UserAttributes?.find((a) => a.Name === ATTRIBUTE)?.Value) ?? {}
  }

  it(
    '90 days, two browsers a day apart, the sweep daily: MFA only when each 30-day period ends, and the sweep never ends one first',
    { timeout: 600_000 },
    async () => {
      const { pool, secret } = await setup()
      // the second browser's clock loses a minute a day (the margin absorbs up to an hour of drift in a period)
      const start = h.cognito.clock.now()
      const drifting = { now: () => h.cognito.clock.now() - Math.floor((h.cognito.clock.now() - start) / DAY) * 60_000 }
      const browsers = [h.client(pool, kind, { trust: TRUST }), h.client(pool, kind, { trust: TRUST, clock: drifting })]
      const mfaDays: number[][] = [[], []]
      const keys: (string | null)[] = [null, null]
      let sweptWhileInUse = 0
      for (let day = 0; day <= 90; day++) {
        for (const [i, browser] of browsers.entries()) {
          if (day < i) continue // the second browser starts a day later
          const before = keys[i]
          const { mfa, reason, view } = await signIn(browser, secret)
          keys[i] = deviceKeyOf(view)
          if (mfa) {
            mfaDays[i]!.push(day)
            expect(reason).toBe('newDevice') // a new period is a new key, and the question again
            if (before) expect(await status(pool, before)).toBe('STALE_DEVICE') // the old key is forgotten
          } else {
            expect(ops(browser.calls)).toEqual(REMEMBERED)
            expect(deviceKeyOf(view)).toBe(before)
          }
          await browser.signOut()
        }
        const report = await sweep(pool)
        expect(report.errors).toEqual([])
        sweptWhileInUse += report.devicesExpired
        h.cognito.clock.advance(DAY)
      }
      expect(mfaDays).toEqual([
        [0, 30, 60, 90],
        [1, 31, 61],
      ])
      expect(sweptWhileInUse).toBe(0)
    },
  )

  it('30-day trust, +31 days, sweep: the old key is marked; the client starts a new period with MFA and the question; a younger device still skips MFA', async () => {
    const { pool, secret } = await setup()
    const laptop = h.client(pool, kind, { trust: TRUST })
    const laptopKey = deviceKeyOf((await signIn(laptop, secret)).view)!
    await laptop.signOut()
    h.cognito.clock.advance(20 * DAY)
    const phone = h.client(pool, kind, { trust: TRUST })
    const phoneKey = deviceKeyOf((await signIn(phone, secret)).view)!
    await phone.signOut()
    expect(Object.keys(await trustMap(pool)).sort()).toEqual([laptopKey, phoneKey].sort())

    h.cognito.clock.advance(11 * DAY) // day 31: the laptop's period ended on day 30, the phone's runs to day 50
    expect(await sweep(pool)).toMatchObject({ usersScanned: 1, devicesExpired: 1, errors: [], complete: true })
    expect(await status(pool, laptopKey)).toBe('not_remembered')
    expect(await status(pool, phoneKey)).toBe('remembered')

    const again = await signIn(laptop, secret)
    expect(again).toMatchObject({ mfa: true, reason: 'newDevice' })
    expect(deviceKeyOf(again.view)).not.toBe(laptopKey)
    expect(await status(pool, laptopKey)).toBe('STALE_DEVICE')

    const phoneAgain = await signIn(phone, secret)
    expect(phoneAgain.mfa).toBe(false)
    expect(deviceKeyOf(phoneAgain.view)).toBe(phoneKey)
  })

  it('a user who rewrites the attribute to the year 5000 is still expired on time', async () => {
    const { pool, secret } = await setup()
    const laptop = h.client(pool, kind, { trust: TRUST })
    const key = deviceKeyOf((await signIn(laptop, secret)).view)!
    const tokens = (await laptop.getTokens())!
    // with the user's own tokens, as anyone holding them could
    await h.sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken: tokens.accessToken,
        UserAttributes: [{ Name: ATTRIBUTE, Value: JSON.stringify({ [key]: Math.floor(Date.UTC(5000, 0, 1) / 1000) }) }],
      }),
    )
    await laptop.signOut()
    h.cognito.clock.advance(29 * DAY)
    expect((await sweep(pool)).devicesExpired).toBe(0)
    h.cognito.clock.advance(DAY)
    expect((await sweep(pool)).devicesExpired).toBe(1)
    expect(await status(pool, key)).toBe('not_remembered')
  })

  it('a device whose clock runs a month behind: the tokens’ time ends its period, and the next sign-in starts a new one', async () => {
    const { pool, secret } = await setup()
    let behind = 0
    const laptop = h.client(pool, kind, { trust: TRUST, clock: { now: () => h.cognito.clock.now() - behind } })
    const key = deviceKeyOf((await signIn(laptop, secret)).view)!
    await laptop.signOut()

    h.cognito.clock.advance(31 * DAY)
    behind = 31 * DAY // by its own clock the period still runs, so it presents its key
    let view = await laptop.signIn({ username: 'ana', password: PASSWORD })
    // Cognito still has it remembered (no sweep yet) and skips MFA; the tokens' iat says the period is over
    expect(view).toMatchObject({ step: 'signedIn', notice: 'trustExpired', device: { deviceKey: key, status: 'not_remembered' } })
    await laptop.signOut()

    expect((await sweep(pool)).devicesExpired).toBe(1)
    laptop.calls.length = 0
    view = await laptop.signIn({ username: 'ana', password: PASSWORD })
    expect(view.step).toBe('mfaCode') // a new device: its old key is not presented again
    expect(ops(laptop.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge']) // no DEVICE_SRP_AUTH
    view = await laptop.submitCode(h.code(secret))
    expect(view).toMatchObject({ step: 'rememberDevice', reason: 'newDevice' })
    if (view.step !== 'rememberDevice') return
    expect(view.deviceKey).not.toBe(key)
    expect(await laptop.rememberDevice(true)).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
    expect(await status(pool, key)).toBe('STALE_DEVICE')
  })

  it('an admin un-remembers a key inside its period: MFA, the question again, and yes keeps its old deadline', async () => {
    const { pool, secret } = await setup()
    const laptop = h.client(pool, kind, { trust: TRUST })
    const first = (await signIn(laptop, secret)).view
    const key = deviceKeyOf(first)!
    const deadline = first.step === 'signedIn' ? first.device!.trustedUntil : null
    await laptop.signOut()
    h.cognito.clock.advance(10 * DAY)
    const { adminUpdateDeviceStatus } = await import('../../src/admin')
    await adminUpdateDeviceStatus({ client: h.sdk, userPoolId: pool.userPoolId, username: 'ana', deviceKey: key, status: 'not_remembered' })
    const again = await signIn(laptop, secret)
    expect(again).toMatchObject({ mfa: true, reason: 'reasked' })
    expect(again.view).toMatchObject({ device: { deviceKey: key, status: 'remembered', trustedUntil: deadline } })
    expect(Object.values(await trustMap(pool))).toEqual([Math.floor(deadline! / 1000)])
  })

  it('two browsers at the remember prompt at once keep both entries: each write reads the attribute fresh', async () => {
    const { pool, secret } = await setup()
    const [a, b] = [h.client(pool, kind, { trust: TRUST }), h.client(pool, kind, { trust: TRUST })]
    for (const browser of [a, b]) {
      await browser.signIn({ username: 'ana', password: PASSWORD })
      expect((await browser.submitCode(h.code(secret))).step).toBe('rememberDevice')
    }
    const keys = [deviceKeyOf(await a.rememberDevice(true)), deviceKeyOf(await b.rememberDevice(true))]
    expect(Object.keys(await trustMap(pool)).sort()).toEqual(keys.sort())
  })

  it('a failure to write the attribute never breaks the remember step', async () => {
    const { pool, secret } = await setup()
    const laptop = h.client(pool, kind, { trust: TRUST })
    await laptop.signIn({ username: 'ana', password: PASSWORD })
    expect((await laptop.submitCode(h.code(secret))).step).toBe('rememberDevice')
    h.cognito.faults.inject({ operation: 'UpdateUserAttributes', status: 500, times: 20 })
    const view = await laptop.rememberDevice(true)
    h.cognito.faults.clear()
    expect(view).toMatchObject({ step: 'signedIn', error: null, device: { status: 'remembered' } })
    expect(await trustMap(pool)).toEqual({})
    const key = deviceKeyOf(view)!
    expect(await status(pool, key)).toBe('remembered')
    // judged by its date, as every device is
    h.cognito.clock.advance(30 * DAY)
    expect((await sweep(pool)).devicesExpired).toBe(1)
  })
})
