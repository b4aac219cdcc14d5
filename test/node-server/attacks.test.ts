// The confidential-client BFF (examples/node-server) attacked the way a hostile page, a thief or a
// curious user would, in Debian's Chromium: each test replays one attack and shows it fails. The BFF
// runs as two worker processes behind one port with a real redis-server and the local server playing
// Cognito; the tests that need the app's clock (timeouts, rate-limit windows), small limits or its log
// run the same app in this process (inProcess.ts). No wall-clock waits: the clocks are moved by hand.
import { request } from 'node:http'
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider'
import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../browser/launchChromium'
import { startHarness, type Harness, type Pool } from '../e2e/harness'
import { connect, startRedis, type RedisServer } from '../redis/redisServer'
import { freePort } from '../ports'
import { startAttacker, type AttackerSite } from './attacker'
import { startBff, type BffProcess } from './bffProcess'
import { startInProcessBff, testClock, type InProcessBff } from './inProcess'

interface User {
  username: string
  password: string
  /** TOTP secret, for a user with MFA. */
  secret?: string
}

const ana: User = { username: 'ana', password: 'correct horse 1' }
const bob: User = { username: 'bob', password: 'battery staple 2' }
const mallory: User = { username: 'mallory', password: 'evil plans 3' }
const rita: User = { username: 'rita', password: 'rate limited 4' }
const jay: User = { username: 'jay', password: 'jwt checked 5' }
const tim: User = { username: 'tim', password: 'time keeper 6' }
const WRONG = 'not the password 7'
const PASSWORDS = [ana, bob, mallory, rita, jay, tim].map((u) => u.password).concat(WRONG)

const MINUTE = 60_000
const SESSION_COOKIE = /sid|session/
const DEVICE_COOKIE = /device/

let h: Harness
let redisServer: RedisServer
let redis: Awaited<ReturnType<typeof connect>>
let browser: Browser
let pool: Pool
let port: number
let bff: BffProcess
let attacker: AttackerSite
let origin: string
const inProcessLogs: string[] = []

beforeAll(async () => {
  ;[h, redisServer, browser, port, attacker] = await Promise.all([
    startHarness(),
    startRedis(),
    launchChromium(),
    freePort(),
    startAttacker(),
  ])
  redis = await connect(redisServer.url)
  origin = `http://127.0.0.1:${port}`
  pool = await h.pool({
    mfa: 'ON',
    devices: 'opt-in',
    secret: true,
    schema: [{ Name: 'trusted_devices', AttributeDataType: 'String', Mutable: true }],
  })
  await h.user(pool, ana.username, ana.password)
  ana.secret = await h.enrolTotp(pool, ana.username, ana.password)
  // MFA for those who enrolled (ana); the others sign in with a password alone, as an attacker's own account would.
  await h.sdk.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: pool.userPoolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  )
  for (const user of [bob, mallory, rita, jay, tim]) await h.user(pool, user.username, user.password)
  bff = await startBff(port, {
    COGNITO_USER_POOL_ID: pool.userPoolId,
    COGNITO_CLIENT_ID: pool.clientId,
    COGNITO_CLIENT_SECRET: pool.clientSecret!,
    COGNITO_ENDPOINT: h.cognito.endpoint,
    COGNITO_LOCAL: 'true',
    REDIS_URL: redisServer.url,
    WORKERS: '2',
    PUBLIC_ORIGIN: origin,
    SIGN_IN_LIMIT_PER_USERNAME: '3',
    SIGN_IN_LIMIT_PER_ADDRESS: '1000',
  })
}, 180_000)

afterAll(async () => {
  await bff?.stop()
  await attacker?.close()
  await browser?.close()
  redis?.destroy()
  await redisServer?.stop()
  await h?.close()
})

const cookieNamed = (cookies: Cookie[], pattern: RegExp) => cookies.find((c) => pattern.test(c.name))

/** A TOTP code of a time step no earlier sign-in used (the local server's clock moves 30 s). */
function freshCode(user: User): string {
  h.cognito.clock.advance(30_000)
  return h.code(user.secret!)
}

async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('button:has-text("Sign in")')
}

/** Signs in from the start page through MFA (when the user has it) and the remember step. */
async function signInAs(page: Page, url: string, user: User, remember = true): Promise<void> {
  await page.goto(url)
  expect(await page.textContent('h1')).toBe('Sign in')
  await submitSignIn(page, user.username, user.password)
  if (user.secret) {
    expect(await page.textContent('h1')).toBe('Enter your code')
    await page.fill('input[name=code]', freshCode(user))
    await page.click('button:has-text("Continue")')
  }
  if ((await page.textContent('h1')) === 'Remember this browser?')
    await page.click(`button:has-text("${remember ? 'Remember' : 'Not now'}")`)
  expect(await page.textContent('h1')).toBe(`Signed in as ${user.username}`)
}

/** Opens a page of the attacker's site (on `attackerOrigin`) that posts `fields` to the BFF's `path`; resolves with the BFF's answer. */
async function forgedPost(page: Page, attackerOrigin: string, path: string, fields: Record<string, string>) {
  const target = new URL(path, origin).href
  const answered = page.waitForResponse((r) => r.url() === target && r.request().method() === 'POST')
  await page.goto(attacker.page(attackerOrigin, target, fields))
  const response = await answered
  await page.waitForLoadState()
  return response
}

/** Every process that answered the page, by its `x-served-by` header. */
function servedBy(page: Page): Set<string> {
  const pids = new Set<string>()
  page.on('response', (response) => {
    const pid = response.headers()['x-served-by']
    if (pid) pids.add(pid)
  })
  return pids
}

/** One HTTP request to the BFF without a browser; resolves with the status, headers and body. */
function http(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
  target = origin,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(path, target)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** A session as a plain HTTP client gets one from the start page: its cookies and the form's CSRF token (when it has one). */
async function httpSession(): Promise<{ cookie: string; csrf: string }> {
  const page = await http('GET', '/')
  const cookies = ((page.headers['set-cookie'] as string[] | undefined) ?? []).map((c) => c.split(';')[0]!)
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
  return { cookie: cookies.join('; '), csrf }
}

const requestId = (headers: Record<string, string | string[] | undefined>) => headers['x-request-id'] as string | undefined

/** The stored sessions (tokens) in Redis under a prefix, by key. */
async function storedSessions(prefix: string): Promise<Map<string, { username: string; tokens: { accessToken: string } }>> {
  const found = new Map<string, { username: string; tokens: { accessToken: string } }>()
  for (const key of await redis.keys(`${prefix}*.session`)) {
    const value = await redis.get(key)
    if (value) found.set(key, JSON.parse(value))
  }
  return found
}

/** The in-process app with this pool, its own Redis prefix, clock and settings. */
async function inProcess(settings: Record<string, unknown>): Promise<InProcessBff & { prefix: string }> {
  const prefix = `t${Math.random().toString(36).slice(2, 8)}:`
  const app = await startInProcessBff({
    userPoolId: pool.userPoolId,
    clientId: pool.clientId,
    clientSecret: pool.clientSecret!,
    endpoint: h.cognito.endpoint,
    localCognito: true,
    redis,
    prefix,
    ...settings,
  } as never)
  return Object.assign(app, { prefix })
}

async function withContext<T>(task: (context: BrowserContext, page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext()
  try {
    return await task(context, await context.newPage())
  } finally {
    await context.close()
  }
}

describe('the BFF under attack (examples/node-server)', { timeout: 180_000 }, () => {
  it('a stolen device cookie alone gives no session: the thief sees the sign-in page, and the API says 401', async () => {
    await withContext(async (victim, page) => {
      await signInAs(page, origin, ana)
      const device = cookieNamed(await victim.cookies(), DEVICE_COOKIE)!
      expect(device).toBeDefined()
      await withContext(async (thief, stolen) => {
        await thief.addCookies([device])
        await stolen.goto(origin)
        expect(await stolen.textContent('h1')).toBe('Sign in')
        expect(await stolen.textContent('body')).not.toContain('ana')
        const api = await stolen.goto(`${origin}/api/me`)
        expect(api!.status()).toBe(401)
      })
    })
  })

  it('a planted device cookie (the attacker signed in with it) does not put the victim in the attacker’s account', async () => {
    await withContext(async (attackerContext, attackerPage) => {
      await signInAs(attackerPage, origin, mallory)
      const device = cookieNamed(await attackerContext.cookies(), DEVICE_COOKIE)!
      await withContext(async (victim, page) => {
        await victim.addCookies([device])
        await page.goto(origin)
        expect(await page.textContent('h1')).toBe('Sign in')
        expect(await page.textContent('body')).not.toContain('mallory')
      })
    })
  })

  it('on a browser two people use, a wrong password after another user is an error, not their account', async () => {
    await withContext(async (context, page) => {
      await signInAs(page, origin, ana)
      // the browser is closed and opened again: its session cookie is gone, the device cookie stays
      await context.clearCookies({ name: SESSION_COOKIE })
      expect(cookieNamed(await context.cookies(), DEVICE_COOKIE)).toBeDefined()
      await page.goto(origin)
      expect(await page.textContent('h1')).toBe('Sign in')
      await submitSignIn(page, bob.username, WRONG)
      expect(await page.textContent('h1')).toBe('Sign in')
      expect(await page.getAttribute('[role=alert]', 'data-code')).toBe('NOT_AUTHORIZED')
      expect(await page.textContent('body')).not.toContain('ana')
    })
  })

  it('a sign-in form left open in another tab, posted after someone signed in there, is refused and signs nobody in', async () => {
    await withContext(async (context, stale) => {
      await stale.goto(origin)
      const tab = await context.newPage()
      await signInAs(tab, origin, ana)
      const answered = stale.waitForResponse((r) => r.url() === `${origin}/sign-in`)
      await submitSignIn(stale, bob.username, WRONG)
      expect((await answered).status()).toBe(403)
      expect(await stale.textContent('body')).not.toContain('Signed in as')
    })
  })

  for (const [kind, host] of [
    ['another port of the same host (same site)', '127.0.0.1'],
    ['another site (localhost)', 'localhost'],
  ] as const) {
    it(`a forged POST /cancel from ${kind} is refused and changes nothing: the sign-in goes on, both cookies stay`, async () => {
      await withContext(async (context, page) => {
        await page.goto(origin)
        await submitSignIn(page, ana.username, ana.password)
        expect(await page.textContent('h1')).toBe('Enter your code')
        const before = await context.cookies()
        const response = await forgedPost(page, `http://${host}:${attacker.port}`, '/cancel', {})
        expect(await context.cookies()).toEqual(before)
        await page.goto(origin)
        expect(await page.textContent('h1')).toBe('Enter your code')
        await page.fill('input[name=code]', freshCode(ana))
        await page.click('button:has-text("Continue")')
        expect(await page.textContent('h1')).toBe('Remember this browser?')
        expect(response.status()).toBe(403)
      })
    })

    it(`a forged POST /sign-in from ${kind} (login CSRF into the attacker's account) is refused`, async () => {
      await withContext(async (context, page) => {
        await page.goto(origin)
        const before = await context.cookies()
        const response = await forgedPost(page, `http://${host}:${attacker.port}`, '/sign-in', {
          username: mallory.username,
          password: mallory.password,
        })
        await page.goto(origin)
        expect(await page.textContent('h1')).toBe('Sign in')
        expect(await page.textContent('body')).not.toContain('mallory')
        expect(await context.cookies()).toEqual(before)
        expect(response.status()).toBe(403)
      })
    })
  }

  it('a forged POST /sign-out from the same site carrying the victim’s own CSRF token (say it leaked) is still refused by its origin', async () => {
    await withContext(async (context, page) => {
      await signInAs(page, origin, ana)
      const csrf = await page.evaluate(() => document.querySelector<HTMLInputElement>('input[name=csrf]')?.value ?? '')
      const before = await context.cookies()
      // another port of the same host: the same site, so SameSite=Lax sends the session cookie along
      const response = await forgedPost(page, `http://127.0.0.1:${attacker.port}`, '/sign-out', { csrf })
      await page.goto(origin)
      expect(await page.textContent('h1')).toBe('Signed in as ana')
      expect(await context.cookies()).toEqual(before)
      expect(response.status()).toBe(403)
    })
  })

  it('a same-origin POST with a token not of this session is refused (the token does not rest on the origin check)', async () => {
    await withContext(async (_context, page) => {
      await signInAs(page, origin, ana)
      // the page's own sign-out form, its token replaced by a well-formed one of no session
      await page.evaluate(() => {
        const form = document.querySelector('form[action="/sign-out"]')!
        form.querySelector('input[name=csrf]')?.remove()
        const forged = Object.assign(document.createElement('input'), { type: 'hidden', name: 'csrf', value: 'A'.repeat(43) })
        form.append(forged)
      })
      const answered = page.waitForResponse((r) => r.url() === `${origin}/sign-out`)
      await page.click('button:has-text("Sign out")')
      expect((await answered).status()).toBe(403)
      await page.goto(origin)
      expect(await page.textContent('h1')).toBe('Signed in as ana')
    })
  })

  it('every POST route refuses another origin, a cross-site fetch and a request that says neither', async () => {
    const { cookie, csrf } = await httpSession()
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie }
    for (const path of ['/sign-in', '/mfa', '/remember', '/devices/forget', '/retry', '/cancel', '/sign-out']) {
      for (const headers of [
        { origin: 'http://evil.example' } as Record<string, string>,
        { origin, 'sec-fetch-site': 'cross-site' },
        { origin, 'sec-fetch-site': 'same-site' },
        {},
      ]) {
        const answer = await http(
          'POST',
          path,
          { ...form, ...headers },
          `csrf=${csrf}&username=x&password=y&code=1&remember=no&deviceKey=k`,
        )
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(403)
        expect(answer.headers['set-cookie'], path).toBeUndefined()
      }
    }
  })

  it('session fixation: session and device cookies planted before sign-in are worth nothing after it', async () => {
    await withContext(async (attackerContext, attackerPage) => {
      await attackerPage.goto(origin)
      const planted = await attackerContext.cookies()
      expect(cookieNamed(planted, SESSION_COOKIE)).toBeDefined()
      await withContext(async (victim, page) => {
        await victim.addCookies(planted)
        await signInAs(page, origin, ana)
        expect(cookieNamed(await victim.cookies(), SESSION_COOKIE)!.value).not.toBe(cookieNamed(planted, SESSION_COOKIE)!.value)
      })
      await attackerPage.goto(origin)
      expect(await attackerPage.textContent('h1')).toBe('Sign in')
      expect((await attackerPage.goto(`${origin}/api/me`))!.status()).toBe(401)
    })
  })

  it('sign-in attempts per username are limited across both workers: past the limit even the right password is refused', async () => {
    await withContext(async (_context, page) => {
      const pids = servedBy(page)
      for (let i = 0; i < 3; i++) {
        await page.goto(origin)
        await submitSignIn(page, rita.username, WRONG)
        expect(await page.getAttribute('[role=alert]', 'data-code')).toBe('NOT_AUTHORIZED')
      }
      await page.goto(origin)
      const answered = page.waitForResponse((r) => r.url() === `${origin}/sign-in`)
      await submitSignIn(page, rita.username, rita.password)
      expect((await answered).status()).toBe(429)
      expect(await page.textContent('h1')).toBe('Too many sign-in attempts')
      expect(pids.size).toBeGreaterThanOrEqual(2)
    })
    // another browser (same address) meets the same limit: it is the username's
    await withContext(async (_context, page) => {
      await page.goto(origin)
      await submitSignIn(page, rita.username, rita.password)
      expect(await page.textContent('h1')).toBe('Too many sign-in attempts')
    })
  })

  it('malformed forms (a field twice) are a 400 page with a request id and no internal message; nothing changes', async () => {
    await withContext(async (_context, page) => {
      await page.goto(origin)
      await submitSignIn(page, ana.username, ana.password)
      expect(await page.textContent('h1')).toBe('Enter your code')
      await page.evaluate(() => {
        const extra = document.createElement('input')
        extra.name = 'code'
        extra.value = '123456'
        extra.type = 'hidden'
        document.querySelector('form[action="/mfa"]')!.append(extra)
      })
      await page.fill('input[name=code]:not([type=hidden])', '654321')
      const answered = page.waitForResponse((r) => r.url() === `${origin}/mfa`)
      await page.click('button:has-text("Continue")')
      const response = await answered
      expect(response.status()).toBe(400)
      const id = requestId(response.headers())
      expect(id).toMatch(/^[\w-]{8,}$/)
      const text = (await page.textContent('body'))!
      expect(text).toContain(id)
      expect(text).not.toMatch(/trim|TypeError|is not a function|\bat \w/)
      await page.goto(origin)
      expect(await page.textContent('h1')).toBe('Enter your code')
    })
    const { cookie, csrf } = await httpSession()
    const headers = { origin, cookie }
    for (const [type, body] of [
      ['application/json', JSON.stringify({ code: { trim: 1 }, csrf })],
      ['text/plain', `code=123456&csrf=${csrf}`],
      ['application/x-www-form-urlencoded', `code=1&code=2&csrf=${csrf}`],
      ['application/x-www-form-urlencoded', `csrf=${csrf}&csrf=${csrf}&code=1`],
    ] as const) {
      const answer = await http('POST', '/mfa', { ...headers, 'content-type': type }, body)
      expect([400, 415], `${type} ${body}`).toContain(answer.status)
      expect(answer.body).toContain(requestId(answer.headers))
      expect(answer.body).not.toMatch(/trim|TypeError|is not a function|Unsupported Media Type|FST_/)
    }
  })

  it('cookies are Secure (and __Host-) by configuration, whatever Host the request names', async () => {
    for (const host of ['127.evil.example', 'localhost', '127.0.0.1', 'bff.example.com']) {
      const answer = await http('GET', '/', { host })
      const cookies = answer.headers['set-cookie'] as string[]
      expect(cookies.length, host).toBeGreaterThanOrEqual(2)
      for (const c of cookies) {
        expect(c, host).toMatch(/^__Host-/)
        expect(c, host).toMatch(/; Secure/)
        expect(c, host).toMatch(/; HttpOnly/)
        expect(c, host).toMatch(/; SameSite=Lax/)
        expect(c, host).toMatch(/; Path=\//)
        expect(c, host).not.toMatch(/Domain=/i)
      }
    }
  })

  it('GET /api/me answers with the access token’s claims once aws-jwt-verify accepts it, and 401 for a tampered token', async () => {
    await withContext(async (_context, page) => {
      expect((await page.goto(`${origin}/api/me`))!.status()).toBe(401)
      await signInAs(page, origin, jay, false)
      const ok = await page.goto(`${origin}/api/me`)
      expect(ok!.status()).toBe(200)
      const claims = JSON.parse((await page.textContent('body'))!)
      expect(claims).toMatchObject({ username: 'jay', tokenUse: 'access', clientId: pool.clientId })
      expect(JSON.stringify(claims)).not.toMatch(/eyJ/)
      // someone with write access to Redis makes jay's token say mallory; the signature no longer matches
      const [key, stored] = [...(await storedSessions('bff:'))].find(([, s]) => s.username === 'jay')!
      const [header, payload, signature] = stored.tokens.accessToken.split('.')
      const forged = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), username: 'mallory' }
      stored.tokens.accessToken = [header, Buffer.from(JSON.stringify(forged)).toString('base64url'), signature].join('.')
      await redis.set(key, JSON.stringify(stored))
      const refused = await page.goto(`${origin}/api/me`)
      expect(refused!.status()).toBe(401)
      expect(await page.textContent('body')).not.toContain('mallory')
    })
  })

  it('idle timeout: a session unused for longer than the idle time is ended, its tokens removed', async () => {
    const clock = testClock()
    const app = await inProcess({ now: clock.now, session: { idleMinutes: 30, absoluteMinutes: 480 } })
    try {
      await withContext(async (context, page) => {
        await signInAs(page, app.url, tim, false)
        const cookie = cookieNamed(await context.cookies(), SESSION_COOKIE)!
        clock.advance(29 * MINUTE)
        await page.goto(app.url)
        expect(await page.textContent('h1')).toBe('Signed in as tim')
        expect((await storedSessions(app.prefix)).size).toBe(1)
        clock.advance(31 * MINUTE)
        await page.goto(app.url)
        expect(await page.textContent('h1')).toBe('Sign in')
        expect(await page.getAttribute('[data-notice]', 'data-notice')).toBe('sessionExpired')
        expect((await storedSessions(app.prefix)).size).toBe(0)
        // the old cookie, put back, is worth nothing
        await context.addCookies([cookie])
        await page.goto(app.url)
        expect(await page.textContent('h1')).toBe('Sign in')
      })
    } finally {
      inProcessLogs.push(...app.logs)
      await app.close()
    }
  })

  it('absolute timeout: a session in constant use still ends once it is older than the absolute limit', async () => {
    const clock = testClock()
    const app = await inProcess({ now: clock.now, session: { idleMinutes: 30, absoluteMinutes: 60 } })
    try {
      await withContext(async (_context, page) => {
        await signInAs(page, app.url, tim, false)
        for (const minutes of [25, 50]) {
          clock.advance(25 * MINUTE)
          await page.goto(app.url)
          expect(await page.textContent('h1'), `${minutes} minutes in`).toBe('Signed in as tim')
        }
        clock.advance(25 * MINUTE)
        await page.goto(app.url)
        expect(await page.textContent('h1')).toBe('Sign in')
        expect(await page.getAttribute('[data-notice]', 'data-notice')).toBe('sessionExpired')
        expect((await storedSessions(app.prefix)).size).toBe(0)
      })
    } finally {
      inProcessLogs.push(...app.logs)
      await app.close()
    }
  })

  it('sign-in attempts per client address are limited (successful ones are not counted), until the window passes', async () => {
    const clock = testClock()
    const app = await inProcess({ now: clock.now, signInLimits: { perAddress: 4, perUsername: 100, windowMinutes: 15 } })
    try {
      await withContext(async (_context, page) => {
        for (let i = 0; i < 2; i++) {
          await signInAs(page, app.url, tim, false)
          await page.click('button:has-text("Sign out")')
        }
        for (let i = 0; i < 4; i++) {
          await page.goto(app.url)
          await submitSignIn(page, `nobody-${i}`, WRONG)
          expect(await page.textContent('h1')).toBe('Sign in')
          expect(await page.locator('[role=alert]').count()).toBe(1)
        }
        await page.goto(app.url)
        await submitSignIn(page, tim.username, tim.password)
        expect(await page.textContent('h1')).toBe('Too many sign-in attempts')
        clock.advance(15 * MINUTE)
        await signInAs(page, app.url, tim, false)
      })
    } finally {
      inProcessLogs.push(...app.logs)
      await app.close()
    }
  })

  it('a failure inside is a generic 500 page with a request id; the details (a Redis error) go to the log only', async () => {
    const app = await inProcess({})
    try {
      await withContext(async (context, page) => {
        await signInAs(page, app.url, tim, false)
        // every value of this app in Redis becomes a hash: each read is a WRONGTYPE error
        for (const key of await redis.keys(`${app.prefix}*`)) {
          if ((await redis.type(key)) !== 'string') continue
          await redis.del(key)
          await redis.hSet(key, 'broken', 'yes')
        }
        const response = await page.goto(app.url)
        expect(response!.status()).toBe(500)
        const text = await page.content()
        expect(text).not.toMatch(/WRONGTYPE|storage|getItem|error:|redis|"message"/i)
        expect(text).not.toContain(app.prefix)
        for (const c of await context.cookies()) expect(text).not.toContain(c.value)
        const id = requestId(response!.headers())
        expect(id).toMatch(/^[\w-]{8,}$/)
        expect(text).toContain(id)
        const logged = app.logs.filter((line) => line.includes(id!))
        expect(logged.join('\n')).toMatch(/WRONGTYPE/)
      })
    } finally {
      inProcessLogs.push(...app.logs)
      await app.close()
    }
  })

  it('with secure cookies turned off by configuration, no Host makes them Secure (nor __Host-)', async () => {
    const app = await inProcess({ secureCookies: false })
    try {
      for (const host of ['bff.example.com', 'localhost']) {
        const answer = await http('GET', '/', { host }, '', app.origin)
        const cookies = answer.headers['set-cookie'] as string[]
        expect(cookies.length, host).toBeGreaterThanOrEqual(2)
        for (const c of cookies) {
          expect(c, host).not.toMatch(/; Secure|^__Host-/)
          expect(c, host).toMatch(/; HttpOnly/)
        }
      }
    } finally {
      inProcessLogs.push(...app.logs)
      await app.close()
    }
  })

  it('no password (right or wrong) appears in any log line or Redis value', async () => {
    const logs = bff.output() + inProcessLogs.join('')
    expect(logs.length).toBeGreaterThan(0)
    const values: string[] = []
    for (const key of await redis.keys('*')) if ((await redis.type(key)) === 'string') values.push((await redis.get(key)) ?? '')
    for (const password of PASSWORDS) {
      expect(logs).not.toContain(password)
      expect(values.join('\n')).not.toContain(password)
    }
  })
})
