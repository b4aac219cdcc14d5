// The confidential-client BFF (examples/node-server) end to end in Debian's Chromium: two server
// processes behind one port, state in a real redis-server, Cognito played by the local server with a
// client secret. The server process is restarted between the password and the MFA step of one sign-in.
// The attacks on it are in attacks.test.ts.
import { createHash } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../browser/launchChromium'
import { startHarness, type Harness, type Pool } from '../e2e/harness'
import { connect, startRedis, type RedisServer } from '../redis/redisServer'
import { freePort } from '../ports'
import { startBff, type BffProcess } from './bffProcess'

const PASSWORD = 'correct horse 1'

let h: Harness
let redisServer: RedisServer
let redis: Awaited<ReturnType<typeof connect>>
let browser: Browser
let pool: Pool
let secret: string
let port: number
let env: Record<string, string>
let bff: BffProcess | undefined

beforeAll(async () => {
  ;[h, redisServer, browser, port] = await Promise.all([startHarness(), startRedis(), launchChromium(), freePort()])
  redis = await connect(redisServer.url)
  pool = await h.pool({
    mfa: 'ON',
    devices: 'opt-in',
    secret: true,
    schema: [{ Name: 'trusted_devices', AttributeDataType: 'String', Mutable: true }],
  })
  await h.user(pool, 'ana', PASSWORD)
  secret = await h.enrolTotp(pool, 'ana', PASSWORD)
  env = {
    COGNITO_USER_POOL_ID: pool.userPoolId,
    COGNITO_CLIENT_ID: pool.clientId,
    COGNITO_CLIENT_SECRET: pool.clientSecret!,
    COGNITO_ENDPOINT: h.cognito.endpoint,
    REDIS_URL: redisServer.url,
    COGNITO_LOCAL: 'true',
    WORKERS: '2',
    TRUST_DAYS: '30',
    TRUST_ATTRIBUTE: 'custom:trusted_devices',
    PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
  }
  bff = await startBff(port, env)
}, 120_000)

afterAll(async () => {
  await bff?.stop()
  await browser?.close()
  redis?.destroy()
  await redisServer?.stop()
  await h?.close()
})

/** Every process that answered the page, by its `x-served-by` header. */
function servedBy(page: Page): Set<string> {
  const pids = new Set<string>()
  page.on('response', (response) => {
    const pid = response.headers()['x-served-by']
    if (pid) pids.add(pid)
  })
  return pids
}

/** A TOTP code of a time step no earlier sign-in used (the server clock moves 30 s), so no code is ever replayed. */
function freshCode(): string {
  h.cognito.clock.advance(30_000)
  return h.code(secret)
}

async function signIn(page: Page): Promise<void> {
  await page.fill('input[name=username]', 'ana')
  await page.fill('input[name=password]', PASSWORD)
  await page.click('button:has-text("Sign in")')
}

describe('confidential-client BFF (examples/node-server)', { timeout: 180_000 }, () => {
  it('signs in with password, MFA across a server restart, remember this browser; devices; sign-out; then no MFA', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const pids = servedBy(page)
    await page.goto(bff!.url)
    expect(await page.textContent('h1')).toBe('Sign in')

    await signIn(page)
    expect(await page.textContent('h1')).toBe('Enter your code')

    // The server process goes away between two steps of the sign-in; a new one takes the next step.
    await bff!.stop()
    bff = await startBff(port, env)

    await page.fill('input[name=code]', freshCode())
    await page.click('button:has-text("Continue")')
    expect(await page.textContent('h1')).toBe('Remember this browser?')
    await page.click('button:has-text("Remember")')
    expect(await page.textContent('h1')).toBe('Signed in as ana')
    expect(await page.textContent('#device-status')).toContain('remembered')
    const rows = await page.locator('#devices tr[data-device-key]').count()
    expect(rows).toBe(1)
    expect(await page.textContent('#devices')).toContain('(this browser)')
    expect(await page.textContent('#devices')).toContain('HeadlessChrome') // named after the browser, not the server
    await page.screenshot({ path: 'test-results/bff-signed-in.png' })

    // The browser holds two random handles, HttpOnly, Secure, SameSite and __Host-, and nothing else: no token, no secret.
    const cookies = await context.cookies()
    expect(cookies.map((c) => c.name).sort()).toEqual(['__Host-cam_device', '__Host-cam_session'])
    for (const c of cookies) {
      expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/', domain: '127.0.0.1' })
      expect(c.value).toMatch(/^[\w-]{43}$/)
    }
    expect(await page.content()).not.toMatch(/eyJ[\w-]+\.eyJ/)
    expect(await page.evaluate(() => document.cookie)).toBe('')

    // Redis names each scope by the SHA-256 of its cookie: the device secret under the device's, the
    // tokens and the snapshot under the session's, and no token under the device's.
    const scope = (name: string) =>
      createHash('sha256')
        .update(cookies.find((c) => c.name === name)!.value)
        .digest('base64url')
    const deviceKeys = await redis.keys(`bff:d:${scope('__Host-cam_device')}:*`)
    expect(deviceKeys.some((k) => k.includes('.device.'))).toBe(true)
    expect(deviceKeys.some((k) => k.endsWith('.session'))).toBe(false)
    const sessionKeys = await redis.keys(`bff:s:${scope('__Host-cam_session')}:*`)
    expect(sessionKeys.some((k) => k.endsWith('.session'))).toBe(true)
    expect(sessionKeys.some((k) => k.includes('.device.'))).toBe(false)
    for (const key of sessionKeys) expect(await redis.ttl(key), key).toBeGreaterThan(0)
    for (const name of ['__Host-cam_device', '__Host-cam_session'])
      expect(await redis.keys(`*${cookies.find((c) => c.name === name)!.value}*`)).toEqual([])

    // Signing out clears the session: its keys go, and the cookie the browser holds next is another one.
    await page.click('button:has-text("Sign out")')
    expect(await page.textContent('h1')).toBe('Sign in')
    expect(await page.getAttribute('[data-notice]', 'data-notice')).toBe('signedOut')
    expect(await redis.keys(`bff:s:${scope('__Host-cam_session')}:*`)).toEqual([])
    const after = await context.cookies()
    expect(after.find((c) => c.name === '__Host-cam_session')!.value).not.toBe(cookies.find((c) => c.name === '__Host-cam_session')!.value)
    expect(after.find((c) => c.name === '__Host-cam_device')!.value).toBe(cookies.find((c) => c.name === '__Host-cam_device')!.value)

    // The remembered browser signs in again without MFA (device SRP with the secret kept server-side).
    await signIn(page)
    expect(await page.textContent('h1')).toBe('Signed in as ana')

    // Two processes behind the one port both served this browser, before and after the restart.
    expect(pids.size).toBeGreaterThanOrEqual(3)
    await context.close()
  })

  it('a wrong MFA code shows its error on the code page, and the right code typed there signs in', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(bff!.url)
    await signIn(page)
    expect(await page.textContent('h1')).toBe('Enter your code')
    await page.fill('input[name=code]', '000000')
    await page.click('button:has-text("Continue")')
    expect(await page.textContent('h1')).toBe('Enter your code')
    expect(await page.getAttribute('[role=alert]', 'data-code')).toBe('CODE_MISMATCH')
    expect(await page.textContent('[role=alert]')).toBe('That code is not right. Check it and try again.')
    await page.fill('input[name=code]', freshCode())
    await page.click('button:has-text("Continue")')
    expect(await page.textContent('h1')).toBe('Remember this browser?')
    expect(await page.locator('[role=alert]').count()).toBe(0)
    await context.close()
  })

  it('forgets this browser from the devices page: the next sign-in asks for MFA again', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(bff!.url)
    await signIn(page)
    await page.fill('input[name=code]', freshCode())
    await page.click('button:has-text("Continue")')
    await page.click('button:has-text("Remember")')
    expect(await page.textContent('h1')).toBe('Signed in as ana')
    const row = page.locator('#devices tr', { hasText: '(this browser)' })
    const key = await row.getAttribute('data-device-key')
    await row.locator('button:has-text("Forget")').click()
    expect(await page.textContent('h1')).toBe('Signed in as ana')
    expect(await page.locator(`#devices tr[data-device-key="${key}"]`).count()).toBe(0)
    await page.click('button:has-text("Sign out")')
    await signIn(page)
    expect(await page.textContent('h1')).toBe('Enter your code')
    await context.close()
  })
})
