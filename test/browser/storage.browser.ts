import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExample, screenshotDir, type RunningExample } from './exampleApp'
import { launchChromium } from './launchChromium'
import { deviceRecords, readIndexedDb, serverDevices, waitForStep } from './pageHelpers'
import { totpCode } from './totp'

// Device records in the browser's real IndexedDB under conditions a single page never meets: two tabs
// of one app signing in at once, and a record that was damaged on disk. Driven through the React example.
let browser: Browser
let app: RunningExample
let shots = ''
let secret = ''
const answered = new Set<string>()

const databaseName = () => `cognito-auth-machine/${app.pool.userPoolId}/${app.pool.clientId}`
const signIn = async (page: Page) => {
  await page.getByTestId('username').fill(app.pool.user.username)
  await page.getByTestId('password').fill(app.pool.user.password)
  await page.getByTestId('sign-in').click()
}
/** A TOTP code the server has not accepted yet (it refuses a code twice): moves its clock on a step. */
const freshCode = () => {
  for (;;) {
    const code = totpCode(secret, app.pool.server.clock.now())
    if (!answered.has(code)) return (answered.add(code), code)
    app.pool.server.clock.advance(30_000)
  }
}
const answerCode = async (page: Page) => {
  await page.getByTestId('code').fill(freshCode())
  await page.getByTestId('submit-code').click()
}
const openPage = async (context: BrowserContext) => {
  const page = await context.newPage()
  await page.goto(app.url)
  return page
}

beforeAll(async () => {
  browser = await launchChromium()
  app = await startExample('react')
  shots = await screenshotDir('storage')
  // Enrol TOTP once, in a context that is then thrown away with its IndexedDB.
  const context = await browser.newContext()
  const page = await openPage(context)
  await waitForStep(page, 'signedOut')
  await signIn(page)
  await waitForStep(page, 'totpSetup')
  secret = (await page.getByTestId('totp-secret').textContent())!.trim()
  await answerCode(page)
  await waitForStep(page, 'rememberDevice')
  await page.getByTestId('remember-no').click()
  await waitForStep(page, 'signedIn')
  await context.close()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('two tabs of one app (one IndexedDB)', () => {
  it('both sign in as new devices at once; the stored record stays whole and skips MFA afterwards', async () => {
    const context = await browser.newContext()
    const [a, b] = [await openPage(context), await openPage(context)]
    await Promise.all([waitForStep(a, 'signedOut'), waitForStep(b, 'signedOut')])
    await Promise.all([signIn(a), signIn(b)])
    expect(await Promise.all([waitForStep(a, 'mfaCode'), waitForStep(b, 'mfaCode')])).toEqual(['mfaCode', 'mfaCode'])
    await answerCode(a)
    await answerCode(b)
    await Promise.all([waitForStep(a, 'rememberDevice'), waitForStep(b, 'rememberDevice')])
    await Promise.all([a.getByTestId('remember-yes').click(), b.getByTestId('remember-yes').click()])
    await Promise.all([waitForStep(a, 'signedIn'), waitForStep(b, 'signedIn')])
    await a.screenshot({ path: `${shots}/01-tab-a-signed-in.png` })
    await b.screenshot({ path: `${shots}/02-tab-b-signed-in.png` })

    const remembered = (await serverDevices(app.pool, app.pool.user.username)).filter((d) => d.status === 'remembered')
    expect(remembered).toHaveLength(2)
    const records = deviceRecords(await readIndexedDb(a, databaseName()))
    expect(records).toHaveLength(1)
    expect(remembered.map((d) => d.deviceKey)).toContain(records[0]!.deviceKey)

    // The record is whole (key and secret of one device): a third tab signs in by device SRP, without MFA.
    await a.getByTestId('sign-out').click()
    await waitForStep(a, 'signedOut')
    const c = await openPage(context)
    await waitForStep(c, 'signedOut')
    await signIn(c)
    expect(await waitForStep(c, 'signedIn', 'mfaCode', 'rememberDevice', 'error')).toBe('signedIn')
    await c.screenshot({ path: `${shots}/03-third-tab-no-mfa.png` })
    await context.close()
  })
})

describe('a damaged device record in IndexedDB', () => {
  it.each([
    ['corrupt JSON', (text: string) => text.slice(0, text.length >> 1)],
    ['an older shape', (text: string) => JSON.stringify({ ...JSON.parse(text), version: 0 })],
    ['a record missing its secret', (text: string) => JSON.stringify({ ...JSON.parse(text), devicePassword: undefined })],
  ])('%s is dropped, never half-used: MFA is asked and a new whole record replaces it', async (label, damage) => {
    const context = await browser.newContext()
    const page = await openPage(context)
    await waitForStep(page, 'signedOut')
    await signIn(page)
    await waitForStep(page, 'mfaCode')
    await answerCode(page)
    await waitForStep(page, 'rememberDevice')
    await page.getByTestId('remember-yes').click()
    await waitForStep(page, 'signedIn')
    await page.getByTestId('sign-out').click()
    await waitForStep(page, 'signedOut')

    const [[key, text]] = (await readIndexedDb(page, databaseName())).filter(([, v]) => deviceRecords([['', v]]).length === 1) as [
      [string, string],
    ]
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
      { name: databaseName(), key, value: damage(text) },
    )

    await signIn(page)
    expect(await waitForStep(page, 'signedIn', 'mfaCode', 'rememberDevice', 'error')).toBe('mfaCode')
    await page.screenshot({ path: `${shots}/damaged-${label.replace(/\W+/g, '-')}.png` })
    await answerCode(page)
    await waitForStep(page, 'rememberDevice')
    await page.getByTestId('remember-yes').click()
    await waitForStep(page, 'signedIn')
    const records = deviceRecords(await readIndexedDb(page, databaseName()))
    expect(records).toHaveLength(1)
    expect(records[0]!.deviceKey).not.toBe(before.deviceKey)
    expect(records[0]!.status).toBe('remembered')
    await context.close()
  })
})
