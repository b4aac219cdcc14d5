import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExample, screenshotDir, type RunningExample } from './exampleApp'
import { launchChromium } from './launchChromium'
import { errorInForm, pageErrors, serverDevices, serverUser, waitForStep } from './pageHelpers'
import { totpCode, wrongTotpCode } from './totp'

const LOCAL = { accessKeyId: 'local', secretAccessKey: 'local' }

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

/** A promise and its resolve (Promise.withResolvers, which Node 20 lacks). */
function resolvable() {
  let resolve = () => {}
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

/**
 * Holds the page's next call of a Cognito operation until `release()`: while it is held, the app shows
 * that call under way, for as long as the test looks (no timing involved). `arrived` resolves once the
 * call has reached the network; `release()` lets it go on and stops watching.
 */
async function holdNext(page: Page, endpoint: string, operation: string) {
  const origin = new URL(endpoint).origin
  const target = `AWSCognitoIdentityProviderService.${operation}`
  const arrival = resolvable()
  const release = resolvable()
  const passed = resolvable()
  const matches = (url: URL) => url.origin === origin
  let taken = false
  await page.route(matches, async (route) => {
    if (taken || route.request().headers()['x-amz-target'] !== target) return route.fallback()
    taken = true
    arrival.resolve()
    await release.promise
    await route.fallback()
    passed.resolve()
  })
  return {
    arrived: arrival.promise,
    async release() {
      release.resolve()
      await passed.promise
      await page.unroute(matches)
    },
  }
}

/**
 * The account page of each example, against the examples' pool (MFA required, TOTP; devices remembered
 * when the user says so; e-mail verified by a code): the demo user signs in (enrolling TOTP, as every
 * first sign-in here), opens the page, which reads the user with loadProfile, changes the name, changes
 * the e-mail and verifies it with the code from the server's outbox, changes the password, enrols a new
 * authenticator app from the secret the page shows, signs in on a new browser context with the new
 * e-mail and password (asked for the new app's code), manages the devices, changes the password again
 * signing out everywhere, turns the app off and deletes the account. What the page says is checked
 * against what Cognito (the local server's admin API) holds.
 */
describe.each(['react', 'vue', 'svelte'] as const)('examples/%s in Chromium: the account page', (name) => {
  let app: RunningExample
  let page: Page
  let shots = ''
  let shot = 0
  const errors: string[][] = []
  const screenshot = async (label: string) => {
    await page.screenshot({ path: `${shots}/${String(++shot).padStart(2, '0')}-${label}.png`, fullPage: true })
  }
  const newEmail = `ada.${name}@example.org`
  const passwords = { second: 'Second-Pass-8', third: 'Third-Pass-9' }
  const secrets = { firstSignIn: '', page: '' }
  const nextTotp = (secret: string) => {
    app.pool.server.clock.advance(30_000)
    return totpCode(secret, app.pool.server.clock.now())
  }
  const messagesTo = (address: string) => app.pool.server.outbox.messages.filter((m) => m.destination === address)
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000')
  const inForm = (form: string, testId: string) => page.locator(`[data-testid="${form}"] [data-testid="${testId}"]`)
  /** Waits for the page's notice `notice` inside `form`. */
  const noticeIn = async (form: string, notice: string) => {
    const shown = page.locator(`[data-testid="${form}"] [data-testid="profile-notice"][data-notice="${notice}"]`)
    await shown.waitFor()
    return ((await shown.textContent()) ?? '').trim()
  }
  /** An element's text, its white space as a person reads it. */
  const textOf = async (testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim()
  const signIn = async (username: string, password: string) => {
    await page.getByTestId('username').fill(username)
    await page.getByTestId('password').fill(password)
    await page.getByTestId('sign-in').click()
  }
  /** Opens the account page and waits until loadProfile has filled it. */
  const openAccount = async () => {
    await page.getByTestId('open-account').click()
    await page.getByTestId('attributes-form').waitFor()
  }
  /** What Cognito answers a refresh with this token of this device: 'ok', or the exception's name. */
  const refreshAtCognito = async (refreshToken: string, deviceKey: string) => {
    const sdk = new CognitoIdentityProviderClient({
      region: app.pool.region,
      endpoint: app.pool.endpoint,
      credentials: LOCAL,
      maxAttempts: 1,
    })
    try {
      const parameters = {
        ClientId: app.pool.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH' as const,
        AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: deviceKey },
      }
      await sdk.send(new InitiateAuthCommand(parameters))
      return 'ok'
    } catch (error) {
      return (error as Error).name
    } finally {
      sdk.destroy()
    }
  }
  const stepsAfterSignIn = ['signedIn', 'mfaCode', 'totpSetup', 'rememberDevice', 'failed', 'signedOut'] as const

  beforeAll(async () => {
    app = await startExample(name, 'idb', `${name}-account-page`)
    shots = await screenshotDir(`${name}-account-page`)
    page = await (await browser.newContext()).newPage()
    errors.push(pageErrors(page))
  })
  afterAll(async () => {
    await page?.context().close()
    await app?.close()
  })

  it('opens the account page, read with loadProfile: the e-mail address, verified, and the authenticator app on', async () => {
    await page.goto(app.url)
    await waitForStep(page, 'signedOut')
    await signIn(app.pool.user.username, app.pool.user.password)
    await waitForStep(page, 'totpSetup')
    secrets.firstSignIn = (await page.getByTestId('totp-secret').textContent())!.trim()
    await page.getByTestId('code').fill(nextTotp(secrets.firstSignIn))
    await page.getByTestId('submit-code').click()
    await waitForStep(page, 'rememberDevice')
    await page.getByTestId('remember-yes').click()
    await waitForStep(page, 'signedIn')
    await page.getByTestId('device').first().waitFor()

    await openAccount()
    await screenshot('account-page')
    expect(await page.getByTestId('profile-email').inputValue()).toBe(app.pool.user.username)
    expect(await page.getByTestId('profile-name').inputValue()).toBe('')
    expect(await page.getByTestId('email-status').textContent()).toBe('verified')
    expect(await page.getByTestId('mfa-status').getAttribute('data-totp')).toBe('on')
    expect(await page.getByTestId('mfa-status').textContent()).toMatch(/^On: authenticator app/)
  })

  it('changes the name: saved at Cognito, and read again after a reload', async () => {
    await page.getByTestId('profile-name').fill('Ada Lovelace')
    await page.getByTestId('save-attributes').click()
    expect(await noticeIn('attributes-form', 'attributesUpdated')).toBe('Saved.')
    expect((await serverUser(app.pool, app.pool.user.username))?.attributes.name).toBe('Ada Lovelace')

    await page.reload()
    await waitForStep(page, 'signedIn')
    await openAccount()
    expect(await page.getByTestId('profile-name').inputValue()).toBe('Ada Lovelace')
  })

  it('changes the e-mail: a code goes to the new address; a wrong code shows its error in the code form; a new code; the right one verifies it', async () => {
    await page.getByTestId('profile-email').fill(newEmail)
    await page.getByTestId('save-attributes').click()
    await page.getByTestId('verify-form').waitFor()
    expect(await noticeIn('verify-form', 'codeSent')).toBe('We sent you a code.')
    expect(await page.getByTestId('delivery').textContent()).toMatch(/^We sent a code by e-mail to a\*+@e\*+\. Enter it here\.$/)
    expect(await page.getByTestId('email-status').textContent()).toBe('not verified')
    expect(messagesTo(newEmail)).toHaveLength(1)
    await screenshot('email-code')

    await page.getByTestId('attribute-code').fill(wrong(messagesTo(newEmail)[0]!.code))
    await page.getByTestId('verify-attribute').click()
    expect(await errorInForm(page)).toBe('That code is not right. Check it and try again.')
    expect(await inForm('verify-form', 'error').count()).toBe(1)
    await screenshot('email-wrong-code')

    await page.getByTestId('resend-attribute-code').click()
    await inForm('verify-form', 'error').waitFor({ state: 'detached' })
    expect(await noticeIn('verify-form', 'codeSent')).toBe('We sent you a code.')
    expect(messagesTo(newEmail)).toHaveLength(2)
    await page.getByTestId('attribute-code').fill(app.pool.server.outbox.last(newEmail)!.code)
    await page.getByTestId('verify-attribute').click()
    await page.getByTestId('verify-form').waitFor({ state: 'detached' })
    expect(await noticeIn('attributes-form', 'attributeVerified')).toBe('Your e-mail address is verified.')
    expect(await page.getByTestId('email-status').textContent()).toBe('verified')
    expect((await serverUser(app.pool, newEmail))?.attributes).toMatchObject({ email: newEmail, email_verified: 'true' })
  })

  it('changes the password: a wrong current password shows its error in the password form; the buttons wait while the change runs; the form is emptied', async () => {
    await page.getByTestId('current-password').fill('not-the-Passw0rd')
    await page.getByTestId('new-password').fill(passwords.second)
    await page.getByTestId('change-password').click()
    expect(await errorInForm(page)).toBe('Incorrect username or password.')
    expect(await inForm('password-form', 'error').count()).toBe(1)

    const held = await holdNext(page, app.pool.endpoint, 'ChangePassword')
    await page.getByTestId('current-password').fill(app.pool.user.password)
    await page.getByTestId('new-password').fill(passwords.second)
    await page.getByTestId('change-password').click()
    await held.arrived
    await page.locator('[data-testid="account-page"]:disabled').waitFor()
    for (const button of ['save-attributes', 'change-password', 'set-up-totp', 'list-devices', 'delete-account']) {
      expect(await page.getByTestId(button).isDisabled(), button).toBe(true)
    }
    await screenshot('password-change-under-way')
    await held.release()

    expect(await noticeIn('password-form', 'passwordChanged')).toBe('Your password was changed.')
    expect(await page.locator('main').getAttribute('data-step')).toBe('signedIn')
    expect(await page.getByTestId('current-password').inputValue()).toBe('')
    expect(await page.getByTestId('new-password').inputValue()).toBe('')
    expect(await page.getByTestId('save-attributes').isEnabled()).toBe(true)
  })

  it('enrols a new authenticator app from the secret on the page: a wrong code shows its error in place, Cancel leaves it, the right code turns it on', async () => {
    await page.getByTestId('set-up-totp').click()
    await page.getByTestId('totp-form').waitFor()
    const abandoned = (await page.getByTestId('totp-secret').textContent())!.trim()
    expect(abandoned).toMatch(/^[A-Z2-7]{16,}$/)
    expect(await inForm('totp-form', 'totp-qr').locator('svg').count()).toBe(1)
    await page.getByTestId('totp-code').fill(wrongTotpCode(abandoned, app.pool.server.clock.now()))
    await page.getByTestId('confirm-totp').click()
    expect(await errorInForm(page)).toBe('That code is not right. Check the authenticator app and try again.')
    expect(await inForm('totp-form', 'error').count()).toBe(1)
    await screenshot('totp-wrong-code')
    await page.getByTestId('cancel-totp').click()
    await page.getByTestId('totp-form').waitFor({ state: 'detached' })
    await page.getByTestId('mfa-form').waitFor()

    await page.getByTestId('set-up-totp').click()
    await page.getByTestId('totp-form').waitFor()
    secrets.page = (await page.getByTestId('totp-secret').textContent())!.trim()
    expect(secrets.page).not.toBe(abandoned)
    await page.getByTestId('totp-code').fill(nextTotp(secrets.page))
    await page.getByTestId('confirm-totp').click()
    expect(await noticeIn('mfa-form', 'totpEnabled')).toBe('Your authenticator app is on: sign-ins on a new device ask for its code.')
    await page.getByTestId('totp-form').waitFor({ state: 'detached' })
    expect(await page.getByTestId('mfa-status').textContent()).toBe('On: authenticator app (preferred).')
    expect((await serverUser(app.pool, newEmail))?.mfa).toEqual(['SOFTWARE_TOKEN_MFA'])
  })

  it('signs out; the old password no longer works; a new browser context signs in with the new e-mail and password, asked for the new app’s code', async () => {
    await page.getByTestId('sign-out').click()
    await waitForStep(page, 'signedOut')
    await signIn(newEmail, app.pool.user.password)
    expect(await errorInForm(page)).toBe('Incorrect username or password.')
    await page.context().close()

    page = await (await browser.newContext()).newPage()
    errors.push(pageErrors(page))
    await page.goto(app.url)
    await waitForStep(page, 'signedOut')
    await signIn(newEmail, passwords.second)
    expect(await waitForStep(page, ...stepsAfterSignIn)).toBe('mfaCode')
    // the secret of the first sign-in's enrolment was replaced by the page's
    await page.getByTestId('code').fill(totpCode(secrets.firstSignIn, app.pool.server.clock.now()))
    await page.getByTestId('submit-code').click()
    expect(await errorInForm(page)).toBe('That code is not right. Check it and try again.')
    await page.getByTestId('code').fill(nextTotp(secrets.page))
    await page.getByTestId('submit-code').click()
    await waitForStep(page, 'rememberDevice')
    await page.getByTestId('remember-no').click()
    await waitForStep(page, 'signedIn')
    expect(await page.getByTestId('signed-in').textContent()).toContain(newEmail)
  })

  it('lists the remembered devices on the account page; remembers this one, which the list then shows; forgets the other', async () => {
    const devicesListed = () => page.waitForRequest((r) => r.headers()['x-amz-target'] === 'AWSCognitoIdentityProviderService.ListDevices')
    const rows = page.getByTestId('device')
    await rows.first().waitFor()
    await openAccount()
    let listed = devicesListed()
    await page.getByTestId('list-devices').click()
    await listed
    await page.locator('[data-testid="list-devices"]:enabled').waitFor()
    // ListDevices gives the remembered devices: the first context's, not this one (not remembered yet)
    const server = await serverDevices(app.pool, newEmail)
    const here = server.find((d) => d.status === 'not_remembered')!.deviceKey
    const other = server.find((d) => d.status === 'remembered')!.deviceKey
    expect(await rows.count()).toBe(1)
    expect(await rows.first().getAttribute('data-device-key')).toBe(other)
    expect(await textOf('this-device')).toMatch(/^This device: not_remembered, trusted until/)
    await screenshot('devices')

    await page.getByTestId('remember-this-device').click()
    await page.getByTestId('remember-this-device').waitFor({ state: 'detached' })
    expect(await textOf('this-device')).toMatch(/^This device: remembered, trusted until .*\d{4}/)
    expect((await serverDevices(app.pool, newEmail)).find((d) => d.deviceKey === here)?.status).toBe('remembered')
    listed = devicesListed()
    await page.getByTestId('list-devices').click()
    await listed
    const current = page.locator(`[data-testid="device"][data-device-key="${here}"]`)
    await current.waitFor()
    expect(await current.getByTestId('device-name').textContent()).toMatch(/\(this one\)$/)
    expect(await rows.count()).toBe(2)

    await page.locator(`[data-testid="device"][data-device-key="${other}"]`).getByTestId('forget').click()
    await page.locator(`[data-testid="device"][data-device-key="${other}"]`).waitFor({ state: 'detached' })
    expect((await serverDevices(app.pool, newEmail)).map((d) => d.deviceKey)).toEqual([here])
  })

  it('changes the password with "sign out every other session": the old refresh token is revoked, and this remembered device is signed in again at once, saying so', async () => {
    const before = await page.evaluate(() => window.__cognitoAuthClient?.getTokens())
    const deviceKey = (await page.locator('[data-testid="device"].current').getAttribute('data-device-key'))!
    await page.getByTestId('current-password').fill(passwords.second)
    await page.getByTestId('new-password').fill(passwords.third)
    await page.getByTestId('sign-out-others').check()
    await page.getByTestId('change-password').click()
    await page.locator('[data-testid="notice"][data-notice="passwordChanged"]').waitFor()
    expect(await waitForStep(page, ...stepsAfterSignIn)).toBe('signedIn')
    expect(await page.getByTestId('notice').textContent()).toBe('Your password was changed, and every other session of yours signed out.')
    await screenshot('signed-out-everywhere-else')
    const after = await page.evaluate(() => window.__cognitoAuthClient?.getTokens())
    expect(after?.refreshToken).toEqual(expect.any(String))
    expect(after?.refreshToken).not.toBe(before?.refreshToken)
    expect(await refreshAtCognito(before!.refreshToken!, deviceKey)).toBe('NotAuthorizedException')
    expect(await refreshAtCognito(after!.refreshToken!, deviceKey)).toBe('ok')
  })

  it('forgets this device from the account page: still signed in, with no device', async () => {
    await openAccount()
    await page.getByTestId('forget-this-device').click()
    await page.getByTestId('forget-this-device').waitFor({ state: 'detached' })
    expect(await textOf('this-device')).toBe('This device: none')
    expect(await page.getByTestId('notice').getAttribute('data-notice')).toBe('deviceForgotten')
    expect(await serverDevices(app.pool, newEmail)).toEqual([])
    expect(await page.locator('main').getAttribute('data-step')).toBe('signedIn')
  })

  it('turns the authenticator app off (setMfaPreference)', async () => {
    expect(await page.getByTestId('mfa-status').getAttribute('data-totp')).toBe('on')
    await page.getByTestId('turn-off-totp').click()
    expect(await noticeIn('mfa-form', 'mfaUpdated')).toBe('Your two-step verification settings were saved.')
    expect(await page.getByTestId('mfa-status').getAttribute('data-totp')).toBe('off')
    expect(await page.getByTestId('mfa-status').textContent()).toBe('No method is on.')
    expect(await page.getByTestId('turn-off-totp').count()).toBe(0)
    expect((await serverUser(app.pool, newEmail))?.mfa).toEqual([])
  })

  it('deletes the account after a confirmation: signed out, saying so; the user is gone and cannot sign in', async () => {
    await page.getByTestId('delete-account').click()
    await page.getByTestId('delete-form').waitFor()
    await page.getByTestId('keep-account').click()
    await page.getByTestId('delete-form').waitFor({ state: 'detached' })
    expect(await serverUser(app.pool, newEmail)).not.toBeNull()

    await page.getByTestId('delete-account').click()
    await screenshot('delete-confirmation')
    await page.getByTestId('confirm-delete').click()
    await waitForStep(page, 'signedOut')
    expect(await page.getByTestId('notice').getAttribute('data-notice')).toBe('accountDeleted')
    expect(await page.getByTestId('notice').textContent()).toBe('Your account was deleted.')
    expect(await serverUser(app.pool, newEmail)).toBeNull()
    await screenshot('account-deleted')

    await signIn(newEmail, passwords.third)
    expect(await errorInForm(page)).toBe('User does not exist.')
  })

  it('had no uncaught errors or unhandled promise rejections in the pages', () => {
    expect(errors.flat()).toEqual([])
  })
})
