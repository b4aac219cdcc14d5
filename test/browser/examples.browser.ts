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

/**
 * Sign-up and password reset in each example, against the examples' pool (MFA required, TOTP; devices
 * remembered when the user says so; codes by e-mail; the app client allows USER_AUTH): a new user signs
 * up, is signed in by the confirmation (no password typed again) through TOTP enrolment, remembers the
 * device, forgets the password, resets it with the code from the server's outbox, and signs in with the
 * new one on the remembered device without MFA.
 */
describe.each(['react', 'vue', 'svelte'] as const)('examples/%s in Chromium: sign-up and password reset', (name) => {
  let app: RunningExample
  let page: Page
  let shots = ''
  let shot = 0
  let errors: string[] = []
  const screenshot = async (label: string) => {
    await page.screenshot({ path: `${shots}/${String(++shot).padStart(2, '0')}-${label}.png`, fullPage: true })
  }
  // The examples' pool signs in with the e-mail address: it is the user name.
  const user = { email: `ada.${name}@example.com`, password: 'Sign-Up-Pass-3', newPassword: 'Reset-Pass-4', thirdPassword: 'Again-Pass-5' }
  const later = { email: `grace.${name}@example.com`, password: 'Later-Pass-6' }
  const messagesTo = (address: string) => app.pool.server.outbox.messages.filter((m) => m.destination === address)
  /** The newest code the server sent to `address` (its outbox stands in for the inbox). */
  const codeFor = (address: string) => {
    const message = app.pool.server.outbox.last(address)
    if (!message) throw new Error(`no message to ${address}`)
    return message.code
  }
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000')
  const nextTotp = (secret: string) => {
    app.pool.server.clock.advance(30_000)
    return totpCode(secret, app.pool.server.clock.now())
  }
  const signOut = async () => {
    await page.getByTestId('sign-out').click()
    await waitForStep(page, 'signedOut')
  }
  const askForResetCode = async (email: string) => {
    await page.getByTestId('go-forgot-password').click()
    await page.getByTestId('username').fill(email)
    await page.getByTestId('send-code').click()
    await waitForStep(page, 'resetPassword')
  }
  const stepsAfterSignIn = ['signedIn', 'mfaCode', 'totpSetup', 'rememberDevice', 'failed', 'signedOut'] as const

  beforeAll(async () => {
    app = await startExample(name, 'idb', `${name}-account`)
    shots = await screenshotDir(`${name}-account`)
    page = await (await browser.newContext()).newPage()
    errors = pageErrors(page)
  })
  afterAll(async () => {
    await page?.context().close()
    await app?.close()
  })

  let deviceKey = ''

  it('signs a new user up; the code step says where the code went, and a wrong code shows its error inside the code form', async () => {
    await page.goto(app.url)
    await waitForStep(page, 'signedOut')
    await page.getByTestId('go-sign-up').click()
    await page.getByTestId('username').fill(user.email)
    await page.getByTestId('password').fill(user.password)
    await screenshot('sign-up-form')
    await page.getByTestId('sign-up').click()

    await waitForStep(page, 'confirmSignUp')
    const sent = messagesTo(user.email)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.purpose).toBe('VERIFICATION')
    expect(await page.getByTestId('delivery').textContent()).toMatch(/^We sent a code by e-mail to a\*+@e\*+\. Enter it here\.$/)
    await screenshot('sign-up-code')

    await page.getByTestId('code').fill(wrong(codeFor(user.email)))
    await page.getByTestId('submit-code').click()
    expect(await errorInForm(page)).toBe('That code is not right. Check it and try again.')
    expect(await page.locator('main').getAttribute('data-step')).toBe('confirmSignUp')
    await screenshot('sign-up-wrong-code')
  })

  it("resend sends a new code; the right one signs in with Cognito's session (no password typed again), through TOTP enrolment, and the device is remembered", async () => {
    await page.getByTestId('resend-code').click()
    await expect.poll(() => messagesTo(user.email).length, { timeout: 30_000 }).toBe(2)
    await waitForStep(page, 'confirmSignUp')
    await page.getByTestId('error').waitFor({ state: 'detached' })

    await page.getByTestId('code').fill(codeFor(user.email))
    await page.getByTestId('submit-code').click()
    // MFA is required in this pool, and the new user has none: enrolment comes next, as on any first sign-in
    expect(await waitForStep(page, ...stepsAfterSignIn)).toBe('totpSetup')
    expect(await page.getByTestId('password').count()).toBe(0)
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
    await screenshot('sign-up-totp-setup')
    await page.getByTestId('code').fill(nextTotp(secret))
    await page.getByTestId('submit-code').click()

    await waitForStep(page, 'rememberDevice')
    await screenshot('sign-up-remember-device')
    await page.getByTestId('remember-yes').click()
    await waitForStep(page, 'signedIn')
    expect(await page.getByTestId('signed-in').textContent()).toContain(user.email)
    await page.getByTestId('device').first().waitFor()
    await screenshot('sign-up-signed-in')
    const devices = await serverDevices(app.pool, user.email)
    expect(devices).toHaveLength(1)
    expect(devices[0]!.status).toBe('remembered')
    deviceKey = devices[0]!.deviceKey
  })

  it('"forgot password": a code to the e-mail, a wrong code shows its error in the reset form, resend, and the right one changes the password; the sign-in form comes back filled in, saying so', async () => {
    await signOut()
    await askForResetCode(user.email)
    expect(await page.getByTestId('delivery').textContent()).toMatch(/^We sent a code by e-mail to a\*+@e\*+\. Enter it here\.$/)
    const before = messagesTo(user.email).length
    await screenshot('reset-code')

    await page.getByTestId('code').fill(wrong(codeFor(user.email)))
    await page.getByTestId('new-password').fill(user.newPassword)
    await page.getByTestId('reset-password').click()
    expect(await errorInForm(page)).toBe('That code is not right. Check it and try again.')
    expect(await page.locator('main').getAttribute('data-step')).toBe('resetPassword')
    await screenshot('reset-wrong-code')

    await page.getByTestId('resend-code').click()
    await expect.poll(() => messagesTo(user.email).length, { timeout: 30_000 }).toBe(before + 1)
    await waitForStep(page, 'resetPassword')
    await page.getByTestId('error').waitFor({ state: 'detached' })
    await page.getByTestId('code').fill(codeFor(user.email))
    await page.getByTestId('new-password').fill(user.newPassword)
    await page.getByTestId('reset-password').click()

    await waitForStep(page, 'signedOut')
    expect(await page.getByTestId('notice').getAttribute('data-notice')).toBe('passwordReset')
    expect(await page.getByTestId('notice').textContent()).toBe('Your password has been changed. Sign in with the new one.')
    expect(await page.getByTestId('username').inputValue()).toBe(user.email)
    expect(await page.getByTestId('password').inputValue()).toBe('')
    await screenshot('reset-done')
  })

  it('the old password no longer works; the new one signs in on the remembered device without MFA: the device survived the reset', async () => {
    await page.getByTestId('password').fill(user.password)
    await page.getByTestId('sign-in').click()
    expect(await errorInForm(page)).toBe('Incorrect username or password.')

    await page.getByTestId('username').fill(user.email)
    await page.getByTestId('password').fill(user.newPassword)
    await page.getByTestId('sign-in').click()
    expect(await waitForStep(page, ...stepsAfterSignIn)).toBe('signedIn')
    await page.getByTestId('device').first().waitFor()
    await screenshot('new-password-signed-in-without-mfa')
    expect(await serverDevices(app.pool, user.email)).toEqual([{ deviceKey, status: 'remembered' }])
  })

  it('"sign me in now" sets the new password and signs in at once, still without MFA', async () => {
    await signOut()
    await askForResetCode(user.email)
    await page.getByTestId('code').fill(codeFor(user.email))
    await page.getByTestId('new-password').fill(user.thirdPassword)
    await page.getByTestId('sign-in-now').check()
    await screenshot('reset-and-sign-in')
    await page.getByTestId('reset-password').click()
    expect(await waitForStep(page, ...stepsAfterSignIn)).toBe('signedIn')
    expect(await page.getByTestId('signed-in').textContent()).toContain(user.email)
    await page.getByTestId('device').first().waitFor()
    await screenshot('reset-signed-in-at-once')
    expect(await serverDevices(app.pool, user.email)).toEqual([{ deviceKey, status: 'remembered' }])
  })

  it('a name already taken shows its error inside the sign-up form; Cancel goes back to the sign-in form', async () => {
    await signOut()
    await page.getByTestId('go-sign-up').click()
    await page.getByTestId('username').fill(user.email)
    await page.getByTestId('password').fill(later.password)
    await page.getByTestId('sign-up').click()
    expect(await errorInForm(page)).toBe('User already exists.')
    expect(await page.locator('main').getAttribute('data-step')).toBe('signUp')
    expect(await page.getByTestId('username').inputValue()).toBe(user.email)
    await screenshot('sign-up-name-taken')
    await page.getByTestId('cancel').click()
    await waitForStep(page, 'signedOut')
    await page.getByTestId('sign-in').waitFor()
  })

  it('"I have a code" opens the code step for an earlier sign-up; its code confirms the account and signs in', async () => {
    await page.getByTestId('go-sign-up').click()
    await page.getByTestId('username').fill(later.email)
    await page.getByTestId('password').fill(later.password)
    await page.getByTestId('sign-up').click()
    await waitForStep(page, 'confirmSignUp')
    // the user leaves, and comes back with the code later
    await page.getByTestId('cancel').click()
    await waitForStep(page, 'signedOut')

    await page.getByTestId('go-confirm-sign-up').click()
    await page.getByTestId('username').fill(later.email)
    await page.getByTestId('enter-code').click()
    // the client itself is at the code step at once (no call to Cognito) ...
    await expect.poll(() => page.evaluate(() => window.__cognitoAuthClient?.getView().step), { timeout: 30_000 }).toBe('confirmSignUp')
    // ... and the app must show it
    await waitForStep(page, 'confirmSignUp')
    expect(await page.getByTestId('delivery').textContent()).toBe('Enter the code from the message we sent you.')
    expect(messagesTo(later.email)).toHaveLength(1)
    await screenshot('i-have-a-code')
    await page.getByTestId('code').fill(codeFor(later.email))
    await page.getByTestId('submit-code').click()
    expect(await waitForStep(page, ...stepsAfterSignIn)).toBe('totpSetup')
    await screenshot('i-have-a-code-signed-in-to-enrol')
    await page.getByTestId('cancel').click()
    await waitForStep(page, 'signedOut')
  })

  it('had no uncaught errors or unhandled promise rejections in the page', () => {
    expect(errors).toEqual([])
  })
})
