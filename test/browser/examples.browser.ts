import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NEW_USER } from '../../examples/seedPool.mjs'
import { startExample, screenshotDir, type RunningExample } from './exampleApp'
import { launchChromium } from './launchChromium'
import { deviceRecords, errorInForm, pageErrors, readIndexedDb, readLocalStorage, serverDevices, waitForStep } from './pageHelpers'
import { totpCode, wrongTotpCode } from './totp'

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

/**
 * The proof of issue 6, the same for each example (the apps share their markup contract: data-step,
 * data-testid), each keeping its records in IndexedDB; and once more with localStorage (webStorage).
 */
describe.each([
  ['react', 'idb'],
  ['vue', 'idb'],
  ['svelte', 'idb'],
  ['react', 'local'],
] as const)('examples/%s in Chromium, records in %s', (name, storage) => {
  let app: RunningExample
  let page: Page
  let shots = ''
  let shot = 0
  let errors: string[] = []
  const screenshot = async (label: string) => {
    await page.screenshot({ path: `${shots}/${String(++shot).padStart(2, '0')}-${label}.png`, fullPage: true })
  }
  const databaseName = () => `cognito-auth-machine/${app.pool.userPoolId}/${app.pool.clientId}`
  const storedRecords = async () =>
    deviceRecords(
      storage === 'idb'
        ? await readIndexedDb(page, databaseName())
        : await readLocalStorage(page, `${app.pool.userPoolId}/${app.pool.clientId}:`),
    )
  const signIn = async (username = app.pool.user.username, password = app.pool.user.password) => {
    await page.getByTestId('username').fill(username)
    await page.getByTestId('password').fill(password)
    await page.getByTestId('sign-in').click()
  }
  // A fresh code for each answer: the server refuses a TOTP code it has already accepted.
  const nextCode = (secret: string) => {
    app.pool.server.clock.advance(30_000)
    return totpCode(secret, app.pool.server.clock.now())
  }

  beforeAll(async () => {
    app = await startExample(name, storage)
    shots = await screenshotDir(`${name}-${storage}`)
    page = await (await browser.newContext()).newPage()
    errors = pageErrors(page)
  })
  afterAll(async () => {
    await page?.context().close()
    await app?.close()
  })

  let secret = ''
  let trustedKey = ''

  it('first sign-in enrols TOTP from the QR code page and remembers the device', async () => {
    await page.goto(app.url)
    await waitForStep(page, 'signedOut')
    await screenshot('signed-out')
    await signIn()

    await waitForStep(page, 'totpSetup')
    expect(await page.getByTestId('totp-qr').locator('svg').count()).toBe(1)
    secret = (await page.getByTestId('totp-secret').textContent())!.trim()
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
    await screenshot('totp-setup')
    await page.getByTestId('code').fill(nextCode(secret))
    await page.getByTestId('submit-code').click()

    await waitForStep(page, 'rememberDevice')
    await screenshot('remember-device')
    await page.getByTestId('remember-yes').click()

    await waitForStep(page, 'signedIn')
    await page.getByTestId('device').first().waitFor()
    await screenshot('signed-in')
    const devices = await serverDevices(app.pool, app.pool.user.username)
    expect(devices).toHaveLength(1)
    expect(devices[0]!.status).toBe('remembered')
    trustedKey = devices[0]!.deviceKey
    const current = page.locator(`[data-testid="device"][data-device-key="${trustedKey}"]`)
    expect(await current.getAttribute('data-status')).toBe('remembered')
    expect(await current.getByTestId('trusted-until').textContent()).toMatch(/\d{4}/)
    // the name given at ConfirmDevice is readable, not the raw user agent
    expect(await current.getByTestId('device-name').textContent()).toMatch(/^Chrome \d+ on Linux \(this one\)$/)
  })

  it(`keeps the device record, with its secret, in ${storage === 'idb' ? 'IndexedDB' : 'localStorage'}`, async () => {
    const records = await storedRecords()
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ deviceKey: trustedKey, status: 'remembered' })
    expect(records[0]!.devicePassword.length).toBeGreaterThan(10)
    expect(records[0]!.trustedUntil).toBeGreaterThan(Date.now())
  })

  it('is still signed in after a page reload', async () => {
    await page.reload()
    expect(await waitForStep(page, 'signedIn')).toBe('signedIn')
    await screenshot('after-reload')
  })

  it('signs out, then signs in again on the remembered device with no MFA', async () => {
    await page.getByTestId('sign-out').click()
    await waitForStep(page, 'signedOut')
    await screenshot('signed-out-again')
    await signIn()
    expect(await waitForStep(page, 'signedIn', 'mfaCode', 'totpSetup', 'rememberDevice', 'failed')).toBe('signedIn')
    await page.getByTestId('device').first().waitFor()
    await screenshot('signed-in-without-mfa')
    expect((await serverDevices(app.pool, app.pool.user.username)).map((d) => d.deviceKey)).toEqual([trustedKey])
  })

  it('forgets the device; the next sign-in asks for MFA again', async () => {
    await page.locator(`[data-testid="device"][data-device-key="${trustedKey}"]`).getByTestId('forget').click()
    const after = await waitForStep(page, 'signedIn', 'signedOut')
    await page.waitForFunction((key) => !document.querySelector(`[data-testid="device"][data-device-key="${key}"]`), trustedKey)
    await screenshot('device-forgotten')
    expect(await serverDevices(app.pool, app.pool.user.username)).toEqual([])
    expect(await storedRecords()).toEqual([])
    if (after === 'signedIn') {
      await page.getByTestId('sign-out').click()
      await waitForStep(page, 'signedOut')
    }

    await signIn()
    expect(await waitForStep(page, 'signedIn', 'mfaCode', 'totpSetup', 'rememberDevice', 'failed')).toBe('mfaCode')
    await screenshot('mfa-asked-again')
    await page.getByTestId('code').fill(nextCode(secret))
    await page.getByTestId('submit-code').click()
    await waitForStep(page, 'rememberDevice')
    await page.getByTestId('remember-no').click()
    await waitForStep(page, 'signedIn')
    await screenshot('signed-in-not-remembered')
    const devices = await serverDevices(app.pool, app.pool.user.username)
    expect(devices).toHaveLength(1)
    expect(devices[0]!.deviceKey).not.toBe(trustedKey)
    expect(devices[0]!.status).toBe('not_remembered')
  })
  it('a wrong MFA code shows its error inside the code form; the right code typed in the same form signs in', async () => {
    await page.getByTestId('sign-out').click()
    await waitForStep(page, 'signedOut')
    // Cancel leaves a sign-in under way, back to the sign-in form
    await signIn()
    expect(await waitForStep(page, 'signedIn', 'mfaCode', 'totpSetup', 'rememberDevice', 'failed')).toBe('mfaCode')
    await page.getByTestId('cancel').click()
    await waitForStep(page, 'signedOut')

    await signIn()
    expect(await waitForStep(page, 'signedIn', 'mfaCode', 'totpSetup', 'rememberDevice', 'failed')).toBe('mfaCode')
    await page.getByTestId('code').fill(wrongTotpCode(secret, app.pool.server.clock.now()))
    await page.getByTestId('submit-code').click()
    expect(await errorInForm(page)).toBe('That code is not right. Check it and try again.')
    expect(await page.locator('main').getAttribute('data-step')).toBe('mfaCode')
    await screenshot('wrong-mfa-code')

    await page.getByTestId('code').fill(nextCode(secret))
    await page.getByTestId('submit-code').click()
    if ((await waitForStep(page, 'signedIn', 'rememberDevice')) === 'rememberDevice') await page.getByTestId('remember-no').click()
    await waitForStep(page, 'signedIn')
    expect(await page.getByTestId('signed-in').textContent()).toContain(app.pool.user.username)
    expect(await page.getByTestId('error').count()).toBe(0)
  })

  it('shows a wrong password inside the sign-in form, with the name filled in again', async () => {
    await page.getByTestId('sign-out').click()
    await waitForStep(page, 'signedOut')
    await signIn(app.pool.user.username, 'not-the-password')
    expect(await errorInForm(page)).toBe('Incorrect username or password.')
    expect(await page.locator('main').getAttribute('data-step')).toBe('signedOut')
    expect(await page.getByTestId('username').inputValue()).toBe(app.pool.user.username)
    expect(await page.getByTestId('password').inputValue()).toBe('')
    await screenshot('wrong-password')
  })

  it('a user with a temporary password sets a new one, then enrols TOTP', async () => {
    await signIn(NEW_USER.username, NEW_USER.temporaryPassword)
    await waitForStep(page, 'newPassword')
    await screenshot('new-password')
    // TOTP setup's first call (AssociateSoftwareToken, no input) fails on each of the transport's 3 attempts:
    // the failed step shows the message, Try again (the error is retryable) and Cancel
    app.pool.server.faults.inject({ operation: 'AssociateSoftwareToken', status: 500, times: 3 })
    await page.getByTestId('new-password').fill(NEW_USER.newPassword)
    await page.getByTestId('submit-new-password').click()
    expect(await waitForStep(page, 'failed', 'totpSetup')).toBe('failed')
    expect(await page.getByTestId('error').textContent()).toBe('Cognito had a problem. Try again.')
    expect(await page.getByTestId('cancel').isVisible()).toBe(true)
    await screenshot('failed-totp-setup')
    app.pool.server.faults.clear()
    await page.getByTestId('retry').click()
    await waitForStep(page, 'totpSetup')
    const newSecret = (await page.getByTestId('totp-secret').textContent())!.trim()
    await page.getByTestId('code').fill(nextCode(newSecret))
    await page.getByTestId('submit-code').click()
    await waitForStep(page, 'rememberDevice')
    await page.getByTestId('remember-no').click()
    await waitForStep(page, 'signedIn')
    expect(await page.getByTestId('signed-in').textContent()).toContain(NEW_USER.username)
    await screenshot('new-user-signed-in')
  })

  it('had no uncaught errors or unhandled promise rejections in the page', () => {
    expect(errors).toEqual([])
  })
})
