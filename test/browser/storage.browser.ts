import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExposedAuthClient } from '../../examples/common/createExampleClient'
import { SECOND_USER } from '../../examples/seedPool.mjs'
import { startExample, screenshotDir, type RunningExample } from './exampleApp'
import { launchChromium } from './launchChromium'
import { deviceRecords, readIndexedDb, serverDevices, waitForStep } from './pageHelpers'
import { totpCode } from './totp'

// Device records and sessions in the browser's real storage under conditions a single page never meets:
// two tabs of one app signing in at once, a record that was damaged on disk, and one tab signing out or
// in as another user while a second tab is open. Driven through the React example.

/** What one getTokens() call in a tab saw: the view before and after it, and whose tokens it returned. */
interface TokenSample {
  before: { step: string; userId: string | null }
  after: { step: string; userId: string | null }
  /** The ID token's `cognito:username` and `sub`, or null when getTokens() returned null. */
  tokens: { username: string; sub: string } | null
  failed?: string
}
declare global {
  interface Window {
    /** Set by createExampleClient in a build for the tests (VITE_COGNITO_EXPOSE_FOR_TESTS). */
    __cognitoAuthClient?: ExposedAuthClient
    __samples?: TokenSample[]
    __sampling?: boolean
    __samplerDone?: boolean
  }
}

type User = { username: string; password: string }

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

/** One example app on its own seeded pool, with the users' TOTP secrets once they have enrolled. */
class Harness {
  #app: RunningExample | undefined
  readonly #secrets = new Map<string, string>()
  readonly #answered = new Set<string>()
  constructor(readonly storage: 'idb' | 'local') {}

  get app(): RunningExample {
    if (!this.#app) throw new Error('the example app is not started')
    return this.#app
  }
  async start() {
    this.#app = await startExample('react', this.storage)
  }
  async stop() {
    await this.#app?.close()
  }
  /** The demo user. */
  get user(): User {
    return this.app.pool.user
  }
  databaseName(): string {
    return `cognito-auth-machine/${this.app.pool.userPoolId}/${this.app.pool.clientId}`
  }
  /** Uncaught errors and unhandled promise rejections of every page opened through {@link Harness.newPage}. */
  readonly pageErrors: string[] = []
  async newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage()
    page.on('pageerror', (error) => this.pageErrors.push(error.message))
    return page
  }
  async openPage(context: BrowserContext): Promise<Page> {
    const page = await this.newPage(context)
    await page.goto(this.app.url)
    return page
  }
  /**
   * Clicks in `page` as the tab in front: headless Chromium delays Playwright's clicks in a tab behind
   * another by about two seconds (frames of a background tab are throttled), which only slows the test.
   */
  async click(page: Page, testId: string) {
    await page.bringToFront()
    await page.getByTestId(testId).click()
  }
  async fillSignIn(page: Page, user: User = this.user) {
    await page.bringToFront()
    await page.getByTestId('username').fill(user.username)
    await page.getByTestId('password').fill(user.password)
    await page.getByTestId('sign-in').click()
  }
  /** A TOTP code of `user` the server has not accepted yet (it refuses a code twice): moves its clock on a step. */
  freshCode(user: User = this.user): string {
    const secret = this.#secrets.get(user.username)
    if (!secret) throw new Error(`${user.username} has not enrolled TOTP`)
    for (;;) {
      const code = totpCode(secret, this.app.pool.server.clock.now())
      const key = `${user.username}:${code}`
      if (!this.#answered.has(key)) return (this.#answered.add(key), code)
      this.app.pool.server.clock.advance(30_000)
    }
  }
  async answerCode(page: Page, user: User = this.user) {
    await page.bringToFront()
    await page.getByTestId('code').fill(this.freshCode(user))
    await page.getByTestId('submit-code').click()
  }
  /** Enrols `user`'s TOTP once, in a context that is then thrown away with its storage. */
  async enrol(user: User) {
    const context = await browser.newContext()
    const page = await this.openPage(context)
    await waitForStep(page, 'signedOut')
    await this.fillSignIn(page, user)
    await waitForStep(page, 'totpSetup')
    this.#secrets.set(user.username, ((await page.getByTestId('totp-secret').textContent()) ?? '').trim())
    await this.answerCode(page, user)
    await waitForStep(page, 'rememberDevice')
    await page.getByTestId('remember-no').click()
    await waitForStep(page, 'signedIn')
    await context.close()
  }
  /** Signs `user` in from the sign-in form of `page`, answering MFA and "not now" to remembering the device. */
  async signIn(page: Page, user: User = this.user) {
    await waitForStep(page, 'signedOut')
    await this.fillSignIn(page, user)
    if ((await waitForStep(page, 'signedIn', 'mfaCode', 'failed')) === 'mfaCode') {
      await this.answerCode(page, user)
      if ((await waitForStep(page, 'signedIn', 'rememberDevice', 'failed')) === 'rememberDevice') {
        await this.click(page, 'remember-no')
      }
    }
    await waitForStep(page, 'signedIn')
    expect(await page.getByTestId('signed-in').textContent()).toContain(user.username)
  }
}

/** What a tab shows: its step, and whose name when signed in. */
const shown = async (page: Page) => {
  const step = await page.locator('main').getAttribute('data-step')
  return step === 'signedIn' ? `signedIn:${((await page.getByTestId('signed-in').textContent()) ?? '').trim()}` : step
}

/** getTokens() of the tab's client, with the view around it and the ID token's user (decoded in the page). */
const tokensOf = (page: Page): Promise<TokenSample> =>
  page.evaluate(async () => {
    const client = window.__cognitoAuthClient
    if (!client) throw new Error('the example does not expose its client (VITE_COGNITO_EXPOSE_FOR_TESTS)')
    const seen = () => {
      const view = client.getView()
      return { step: view.step, userId: view.step === 'signedIn' ? view.userId : null }
    }
    const before = seen()
    const tokens = await client.getTokens()
    const after = seen()
    if (!tokens) return { before, after, tokens: null }
    const claims = JSON.parse(atob((tokens.idToken.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, string>
    return { before, after, tokens: { username: claims['cognito:username'] ?? '', sub: claims.sub ?? '' } }
  })

/**
 * Calls getTokens() in the tab over and over (the way an app that sends tokens with each request does)
 * until told to stop, recording each call: what the tab showed before and after, and whose tokens came back.
 */
const startSampling = (page: Page) =>
  page.evaluate(() => {
    const client = window.__cognitoAuthClient
    if (!client) throw new Error('the example does not expose its client (VITE_COGNITO_EXPOSE_FOR_TESTS)')
    const seen = () => {
      const view = client.getView()
      return { step: view.step, userId: view.step === 'signedIn' ? view.userId : null }
    }
    const samples: TokenSample[] = (window.__samples = [])
    window.__sampling = true
    window.__samplerDone = false
    void (async () => {
      while (window.__sampling) {
        const before = seen()
        try {
          const tokens = await client.getTokens()
          const after = seen()
          if (!tokens) samples.push({ before, after, tokens: null })
          else {
            const payload = (tokens.idToken.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')
            const claims = JSON.parse(atob(payload)) as Record<string, string>
            samples.push({ before, after, tokens: { username: claims['cognito:username'] ?? '', sub: claims.sub ?? '' } })
          }
        } catch (error) {
          samples.push({ before, after: seen(), tokens: null, failed: String(error) })
        }
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      window.__samplerDone = true
    })()
  })
const stopSampling = async (page: Page): Promise<TokenSample[]> => {
  await page.evaluate(() => void (window.__sampling = false))
  await expect.poll(() => page.evaluate(() => window.__samplerDone), { timeout: 20_000 }).toBe(true)
  return page.evaluate(() => window.__samples ?? [])
}

/** The samples that break the rule: tokens only for the user the tab shows, and a tab that shows someone has their tokens. */
const inconsistent = (samples: TokenSample[]) =>
  samples.filter(({ before, after, tokens, failed }) => {
    if (failed) return true
    if (tokens)
      return (
        after.step !== 'signedIn' || after.userId !== tokens.username || (before.step === 'signedIn' && before.userId !== tokens.username)
      )
    return before.step === 'signedIn' && after.step === 'signedIn' && before.userId === after.userId
  })

describe('two tabs of one app (one IndexedDB)', () => {
  const idb = new Harness('idb')
  let shots = ''
  beforeAll(async () => {
    await idb.start()
    shots = await screenshotDir('storage')
    await idb.enrol(idb.user)
  })
  afterAll(() => idb.stop())

  it('both sign in as new devices at once; the stored record stays whole and skips MFA afterwards', async () => {
    const context = await browser.newContext()
    const [a, b] = [await idb.openPage(context), await idb.openPage(context)]
    await Promise.all([waitForStep(a, 'signedOut'), waitForStep(b, 'signedOut')])
    await Promise.all([idb.fillSignIn(a), idb.fillSignIn(b)])
    expect(await Promise.all([waitForStep(a, 'mfaCode'), waitForStep(b, 'mfaCode')])).toEqual(['mfaCode', 'mfaCode'])
    await idb.answerCode(a)
    await idb.answerCode(b)
    await Promise.all([waitForStep(a, 'rememberDevice'), waitForStep(b, 'rememberDevice')])
    await Promise.all([a.getByTestId('remember-yes').click(), b.getByTestId('remember-yes').click()])
    await Promise.all([waitForStep(a, 'signedIn'), waitForStep(b, 'signedIn')])
    await a.screenshot({ path: `${shots}/01-tab-a-signed-in.png` })
    await b.screenshot({ path: `${shots}/02-tab-b-signed-in.png` })

    const remembered = (await serverDevices(idb.app.pool, idb.user.username)).filter((d) => d.status === 'remembered')
    expect(remembered).toHaveLength(2)
    const records = deviceRecords(await readIndexedDb(a, idb.databaseName()))
    expect(records).toHaveLength(1)
    expect(remembered.map((d) => d.deviceKey)).toContain(records[0]?.deviceKey)

    // The record is whole (key and secret of one device): a third tab signs in by device SRP, without MFA.
    await idb.click(a, 'sign-out')
    await waitForStep(a, 'signedOut')
    const c = await idb.openPage(context)
    await waitForStep(c, 'signedOut')
    await idb.fillSignIn(c)
    expect(await waitForStep(c, 'signedIn', 'mfaCode', 'rememberDevice', 'failed')).toBe('signedIn')
    await c.screenshot({ path: `${shots}/03-third-tab-no-mfa.png` })
    expect(idb.pageErrors).toEqual([])
    await context.close()
  })

  describe('a damaged device record in IndexedDB', () => {
    it.each([
      ['corrupt JSON', (text: string) => text.slice(0, text.length >> 1)],
      ['an older shape', (text: string) => JSON.stringify({ ...JSON.parse(text), version: 0 })],
      ['a record missing its secret', (text: string) => JSON.stringify({ ...JSON.parse(text), devicePassword: undefined })],
    ])('%s is dropped, never half-used: MFA is asked and a new whole record replaces it', async (label, damage) => {
      const context = await browser.newContext()
      const page = await idb.openPage(context)
      await waitForStep(page, 'signedOut')
      await idb.fillSignIn(page)
      await waitForStep(page, 'mfaCode')
      await idb.answerCode(page)
      await waitForStep(page, 'rememberDevice')
      await page.getByTestId('remember-yes').click()
      await waitForStep(page, 'signedIn')
      await page.getByTestId('sign-out').click()
      await waitForStep(page, 'signedOut')

      const stored = (await readIndexedDb(page, idb.databaseName())).filter(([, v]) => deviceRecords([['', v]]).length === 1)
      expect(stored).toHaveLength(1)
      const [key, text] = stored[0] as [string, string]
      const before = JSON.parse(text) as { deviceKey: string }
      await page.evaluate(
        async ({ name, key, value }) => {
          const open = indexedDB.open(name)
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            open.onsuccess = () => resolve(open.result)
            open.onerror = () => reject(open.error)
          })
          const tx = db.transaction('keyval', 'readwrite')
          tx.objectStore('keyval').put(value, key)
          await new Promise((resolve) => (tx.oncomplete = resolve))
          db.close()
        },
        { name: idb.databaseName(), key, value: damage(text) },
      )

      await idb.fillSignIn(page)
      expect(await waitForStep(page, 'signedIn', 'mfaCode', 'rememberDevice', 'failed')).toBe('mfaCode')
      await page.screenshot({ path: `${shots}/damaged-${label.replace(/\W+/g, '-')}.png` })
      await idb.answerCode(page)
      await waitForStep(page, 'rememberDevice')
      await page.getByTestId('remember-yes').click()
      await waitForStep(page, 'signedIn')
      const records = deviceRecords(await readIndexedDb(page, idb.databaseName()))
      expect(records).toHaveLength(1)
      expect(records[0]?.deviceKey).not.toBe(before.deviceKey)
      expect(records[0]?.status).toBe('remembered')
      expect(idb.pageErrors).toEqual([])
      await context.close()
    })
  })
})

// A session ended or replaced in one tab is seen by the others of the origin: IndexedDB through the
// adapter's BroadcastChannel, localStorage through the `storage` event.
describe.each([
  ['idb', 'IndexedDB'],
  ['local', 'localStorage'],
] as const)('sessions across two tabs, records in %s', (storage, where) => {
  const h = new Harness(storage)
  let shots = ''
  beforeAll(async () => {
    await h.start()
    shots = await screenshotDir(`storage-tabs-${storage}`)
    await h.enrol(h.user)
    await h.enrol(SECOND_USER)
  })
  afterAll(() => h.stop())

  it(`a sign-in in tab A shows in tab B, and a sign-out in tab A signs tab B out at once (${where})`, async () => {
    const context = await browser.newContext()
    const [a, b] = [await h.openPage(context), await h.openPage(context)]
    await Promise.all([waitForStep(a, 'signedOut'), waitForStep(b, 'signedOut')])
    await h.signIn(a)
    // B, signed out, picks up the session A signed in, without doing anything
    await expect.poll(() => shown(b), { timeout: 20_000 }).toBe(`signedIn:Signed in as ${h.user.username}.`)
    await b.screenshot({ path: `${shots}/01-tab-b-picked-up-the-sign-in.png` })

    await h.click(a, 'sign-out')
    await waitForStep(a, 'signedOut')
    await expect.poll(() => shown(b), { timeout: 20_000 }).toBe('signedOut')
    expect(await b.getByTestId('error').textContent()).toBe('You were signed out in another window or tab. Sign in again.')
    expect(await b.locator('main form [data-testid="error"]').count()).toBe(1)
    await b.screenshot({ path: `${shots}/02-tab-b-signed-out-by-tab-a.png` })
    expect((await tokensOf(b)).tokens).toBeNull()
    expect(await shown(a)).toBe('signedOut')
    expect(h.pageErrors).toEqual([])
    await context.close()
  })

  it(`tab B signs out and in as another user: tab A never gets that user's tokens while it shows the first (${where})`, async () => {
    const context = await browser.newContext()
    const a = await h.openPage(context)
    await h.signIn(a)
    const first = await tokensOf(a)
    expect(first.after).toMatchObject({ step: 'signedIn' })
    expect(first.tokens?.username).toBe(first.after.userId)
    const b = await h.openPage(context)
    expect(await waitForStep(b, 'signedIn', 'signedOut')).toBe('signedIn') // B restores the stored session: user 1

    await startSampling(a)
    await h.click(b, 'sign-out')
    await h.signIn(b, SECOND_USER)
    const second = await tokensOf(b)
    expect(second.tokens?.username).toBe(second.after.userId)
    expect(second.tokens?.sub).not.toBe(first.tokens?.sub)
    // A ends signed out, or showing user 2 (a signed-out tab picks up the session another tab signs in); never user 1
    await expect
      .poll(() => shown(a), { timeout: 20_000 })
      .toMatch(new RegExp(`^(signedOut|signedIn:Signed in as ${SECOND_USER.username.replace(/\./g, '\\.')}\\.)$`))
    const samples = await stopSampling(a)
    await a.screenshot({ path: `${shots}/03-tab-a-after-tab-b-switched-user.png` })

    // Every getTokens() in A returned tokens only of the user A showed before and after it
    expect(samples.length).toBeGreaterThan(0)
    expect(inconsistent(samples)).toEqual([])
    const user1 = first.tokens?.username
    const user2 = second.tokens?.username
    expect(samples.some((s) => s.tokens?.username === user1)).toBe(true) // the sampler ran while A showed user 1
    expect(samples.filter((s) => s.tokens?.username === user2 && (s.before.userId === user1 || s.after.userId === user1))).toEqual([])

    // And now, in A: null with signedOut, or user 2's tokens with user 2 shown
    const last = await tokensOf(a)
    if (last.tokens) {
      expect(last.tokens).toEqual(second.tokens)
      expect(last.after).toEqual({ step: 'signedIn', userId: user2 })
      expect(await shown(a)).toBe(`signedIn:Signed in as ${SECOND_USER.username}.`)
    } else {
      expect(last.after.step).toBe('signedOut')
      await expect.poll(() => shown(a), { timeout: 20_000 }).toBe('signedOut')
    }
    expect(h.pageErrors).toEqual([])
    await context.close()
  })

  it(`a tab that missed the change (no ${storage === 'idb' ? 'BroadcastChannel' : 'storage event'}): getTokens() returns null, never the other user's tokens, and the tab goes to signedOut (${where})`, async () => {
    const context = await browser.newContext()
    const a = await h.newPage(context)
    // Tab A hears nothing of the other tabs: what a browser without the notice, or a notice lost, gives.
    await a.addInitScript(
      storage === 'idb'
        ? () => void Reflect.deleteProperty(window, 'BroadcastChannel')
        : () => {
            const add = window.addEventListener.bind(window)
            window.addEventListener = ((...args: Parameters<typeof add>) => {
              if (args[0] !== 'storage') add(...args)
            }) as typeof window.addEventListener
          },
    )
    await a.goto(h.app.url)
    await h.signIn(a)
    const first = await tokensOf(a)
    const b = await h.openPage(context)
    expect(await waitForStep(b, 'signedIn', 'signedOut')).toBe('signedIn')
    await h.click(b, 'sign-out')
    await h.signIn(b, SECOND_USER)
    const second = await tokensOf(b)
    expect(second.tokens?.sub).not.toBe(first.tokens?.sub)

    // A has heard nothing: it still shows user 1, while storage holds user 2's session
    expect(await shown(a)).toBe(`signedIn:Signed in as ${h.user.username}.`)
    const sample = await tokensOf(a)
    expect(sample.before).toEqual({ step: 'signedIn', userId: first.tokens?.username })
    expect(sample.tokens).toBeNull()
    expect(sample.after.step).toBe('signedOut')
    await expect.poll(() => shown(a), { timeout: 20_000 }).toBe('signedOut')
    expect(await a.getByTestId('error').textContent()).toBe('You were signed out in another window or tab. Sign in again.')
    await a.screenshot({ path: `${shots}/04-deaf-tab-a-signed-out-by-get-tokens.png` })
    expect(h.pageErrors).toEqual([])
    await context.close()
  })
})
