// The passwordless variant of each example (VITE_COGNITO_AUTH_FLOW=USER_AUTH, against the passwordless pool of
// examples/seedPool.mjs: MFA optional, first factors PASSWORD, EMAIL_OTP and WEB_AUTHN, relying party localhost,
// devices remembered when the user says so), in Chromium with the DevTools protocol's virtual authenticator (CTAP2,
// internal, resident keys, user verification, presence simulated) on the page's CDP session. The page is served
// from http://localhost:<port> (a secure context, inside the relying party id `localhost`); the codes come from
// the local server's outbox, and its auth events say which device key each sign-in presented or was issued.
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExample, screenshotDir, type RunningExample } from './exampleApp'
import { launchChromium } from './launchChromium'
import {
  addVirtualAuthenticator,
  deviceRecords,
  errorInForm,
  pageErrors,
  readIndexedDb,
  serverDevices,
  serverUser,
  waitForStep,
} from './pageHelpers'
import { totpCode } from './totp'

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

/** A page of a fresh context, with a virtual authenticator that verifies the user and simulates presence. */
async function pageWithAuthenticator(): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; authenticatorId: string }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  const authenticatorId = await addVirtualAuthenticator(cdp)
  return { context, page, cdp, authenticatorId }
}

describe.each(['react', 'vue', 'svelte'] as const)('examples/%s in Chromium: passwordless sign-in and passkeys (USER_AUTH)', (name) => {
  let app: RunningExample
  let url = ''
  let context: BrowserContext
  let page: Page
  let cdp: CDPSession
  let authenticatorId = ''
  let shots = ''
  let shot = 0
  const errors: string[][] = []
  const screenshot = async (label: string) => {
    await page.screenshot({ path: `${shots}/${String(++shot).padStart(2, '0')}-${label}.png`, fullPage: true })
  }
  const pia = () => app.pool.passwordlessUser!
  const tom = () => app.pool.totpUser!
  const databaseName = () => `cognito-auth-machine/${app.pool.userPoolId}/${app.pool.clientId}`
  const storedRecords = async () => deviceRecords(await readIndexedDb(page, databaseName()))
  const nextTotp = (secret: string) => {
    app.pool.server.clock.advance(30_000)
    return totpCode(secret, app.pool.server.clock.now())
  }
  /**
   * The user's newest sign-in as the local server recorded it. Its log names users by their internal name (the
   * pool signs in with the e-mail address, so that is not the name typed): found by `sub`, which Cognito gives.
   */
  const lastSignIn = async (username: string) => {
    const sub = (await serverUser(app.pool, username))?.attributes.sub
    return [...app.pool.server.authEvents.events].reverse().find((e) => e.sub === sub && e.eventType === 'SignIn')
  }
  /** The factors the selectChallenge step offers, by its buttons. */
  const offered = async () => {
    await waitForStep(page, 'selectChallenge')
    return page.getByTestId('challenge-option').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-challenge')))
  }
  const choose = (challenge: string) => page.locator(`[data-testid="challenge-option"][data-challenge="${challenge}"]`).click()
  /** The user name alone in the sign-in form: the selectChallenge step follows. */
  const signInWithName = async (username: string) => {
    await page.getByTestId('username').fill(username)
    await page.getByTestId('sign-in').click()
  }
  const signOut = async () => {
    await page.getByTestId('sign-out').click()
    await waitForStep(page, 'signedOut')
  }
  /** The passkeys the virtual authenticator holds. */
  const credentials = async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials
  const passkeyItems = () => page.locator('[data-testid="passkeys-form"] [data-testid="passkey"]')
  const noticeIn = async (form: string, notice: string) => {
    const shown = page.locator(`[data-testid="${form}"] [data-testid="profile-notice"][data-notice="${notice}"]`)
    await shown.waitFor()
    return ((await shown.textContent()) ?? '').trim()
  }
  const openAccount = async () => {
    await page.getByTestId('open-account').click()
    await page.getByTestId('attributes-form').waitFor()
  }

  beforeAll(async () => {
    app = await startExample(name, 'idb', `${name}-passwordless`, { passwordless: true })
    // localhost, not 127.0.0.1: the relying party id is `localhost`, and http://localhost is a secure context
    url = app.url.replace('//127.0.0.1:', '//localhost:')
    shots = await screenshotDir(`${name}-passwordless`)
    ;({ context, page, cdp, authenticatorId } = await pageWithAuthenticator())
    errors.push(pageErrors(page))
  })
  afterAll(async () => {
    await context?.close()
    await app?.close()
  })

  let deviceKey = ''

  it('the passwordless user: the user name alone, the choice of factors, a code by e-mail from the outbox, the remember prompt (yes)', async () => {
    await page.goto(url)
    await waitForStep(page, 'signedOut')
    expect(await page.evaluate(() => isSecureContext)).toBe(true)
    await signInWithName(pia().username)
    // no passkey yet: the password and the code
    expect(await offered()).toEqual(['PASSWORD_SRP', 'EMAIL_OTP'])
    await screenshot('select-challenge')
    await choose('EMAIL_OTP')

    await waitForStep(page, 'mfaCode')
    const sent = app.pool.server.outbox.last(pia().username)
    expect(sent?.purpose).toBe('SIGN_IN')
    await screenshot('email-code')
    await page.getByTestId('code').fill(sent!.code)
    await page.getByTestId('submit-code').click()

    await waitForStep(page, 'rememberDevice')
    await page.getByTestId('remember-yes').click()
    await waitForStep(page, 'signedIn')
    await page.getByTestId('device').first().waitFor()
    await screenshot('signed-in-by-code')
    const records = await storedRecords()
    expect(records).toHaveLength(1)
    expect(records[0]!.status).toBe('remembered')
    deviceKey = records[0]!.deviceKey
    expect(await lastSignIn(pia().username)).toMatchObject({ response: 'Pass', deviceKeyIssued: deviceKey })
    expect(await serverDevices(app.pool, pia().username)).toEqual([{ deviceKey, status: 'remembered' }])
  })

  it('the account page registers a passkey (the virtual authenticator holds it) and lists it; setting up TOTP warns that passkey and code sign-in would stop', async () => {
    await openAccount()
    await page.getByTestId('no-passkeys').waitFor()
    expect(await page.getByTestId('totp-warning').count()).toBe(0)
    await page.getByTestId('register-passkey').click()
    expect(await noticeIn('passkeys-form', 'passkeyRegistered')).toBe('Your passkey was added: you can sign in with it.')
    await passkeyItems().first().waitFor()
    expect(await passkeyItems().count()).toBe(1)
    const held = await credentials()
    expect(held).toHaveLength(1)
    expect(await passkeyItems().first().getAttribute('data-passkey-id')).toBe(
      held[0]!.credentialId.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
    )
    await screenshot('passkey-registered')

    // TOTP set up (not confirmed): the page warns before the user turns it on, and Cancel takes the warning away
    await page.getByTestId('set-up-totp').click()
    await page.getByTestId('totp-form').waitFor()
    expect(await page.locator('[data-testid="totp-warning"][role="note"]').textContent()).toMatch(
      /no longer sign in with a passkey or an e-mailed code/,
    )
    await screenshot('totp-warning')
    await page.getByTestId('cancel-totp').click()
    await page.getByTestId('mfa-form').waitFor()
    await page.getByTestId('totp-warning').waitFor({ state: 'detached' })
  })

  it('signs out and signs in with the passkey alone; the remembered device key is presented, and no new device issued', async () => {
    await signOut()
    await signInWithName(pia().username)
    expect(await offered()).toEqual(['PASSWORD_SRP', 'EMAIL_OTP', 'WEB_AUTHN'])
    await choose('WEB_AUTHN')
    await waitForStep(page, 'passkey')
    expect(await page.getByTestId('passkey-prompt').textContent()).toContain(pia().username)
    await screenshot('passkey-step')
    await page.getByTestId('use-passkey').click()
    // the remembered device: no prompt
    expect(await waitForStep(page, 'signedIn', 'rememberDevice', 'failed', 'signedOut')).toBe('signedIn')
    await page.getByTestId('device').first().waitFor()
    await screenshot('signed-in-by-passkey')
    expect((await storedRecords()).map((r) => r.deviceKey)).toEqual([deviceKey])
    expect(await lastSignIn(pia().username)).toMatchObject({
      response: 'Pass',
      deviceKeyPresented: deviceKey,
      deviceKeyIssued: undefined,
    })
    expect(await serverDevices(app.pool, pia().username)).toEqual([{ deviceKey, status: 'remembered' }])
  })

  it('a ceremony Chromium rejects (the authenticator lacks the passkey: NotAllowedError) shows its error in the passkey step; Try again, with the passkey back, signs in', async () => {
    await signOut()
    await signInWithName(pia().username)
    await offered()
    await choose('WEB_AUTHN')
    await waitForStep(page, 'passkey')
    const credential = (await credentials())[0]!
    await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: credential.credentialId })
    await page.getByTestId('use-passkey').click()
    expect(await errorInForm(page)).toBe('The passkey request was cancelled or timed out. Try again.')
    expect(await page.locator('main').getAttribute('data-step')).toBe('passkey')
    expect(((await page.getByTestId('use-passkey').textContent()) ?? '').trim()).toBe('Try again')
    // the client's view behind it: the ceremony's error, Chromium's NotAllowedError as its cause
    const failed = await page.evaluate(() => {
      const view = window.__cognitoAuthClient?.getView()
      const error = view && 'error' in view ? view.error : null
      return { step: view?.step, code: error?.code, cause: (error?.cause as { name?: string } | undefined)?.name }
    })
    expect(failed).toEqual({ step: 'passkey', code: 'PASSKEY_CANCELLED', cause: 'NotAllowedError' })
    await screenshot('passkey-cancelled')

    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential })
    await page.getByTestId('use-passkey').click()
    expect(await waitForStep(page, 'signedIn', 'rememberDevice', 'failed', 'signedOut')).toBe('signedIn')
    expect(await lastSignIn(pia().username)).toMatchObject({ response: 'Pass', deviceKeyPresented: deviceKey })
  })

  it('the account page deletes the passkey; the choice no longer offers it', async () => {
    await openAccount()
    await passkeyItems().first().waitFor()
    await passkeyItems().first().getByTestId('delete-passkey').click()
    expect(await noticeIn('passkeys-form', 'passkeyDeleted')).toBe('The passkey was removed.')
    await page.getByTestId('no-passkeys').waitFor()
    await screenshot('passkey-deleted')
    await signOut()
    await signInWithName(pia().username)
    expect(await offered()).toEqual(['PASSWORD_SRP', 'EMAIL_OTP'])
    await page.getByTestId('cancel').click()
    await waitForStep(page, 'signedOut')
  })

  it('the password-and-TOTP user: PASSWORD_SRP in the choice step, the TOTP code, remember; then the password on the remembered device skips MFA (device SRP); the account page warns', async () => {
    // a browser of its own: this user's device
    await page.context().close()
    ;({ context, page, cdp, authenticatorId } = await pageWithAuthenticator())
    errors.push(pageErrors(page))
    await page.goto(url)
    await waitForStep(page, 'signedOut')
    await signInWithName(tom().username)
    // MFA applies to this user: Cognito offers the password alone
    expect(await offered()).toEqual(['PASSWORD_SRP'])
    await page.getByTestId('password').fill(tom().password)
    await screenshot('totp-user-choice')
    await choose('PASSWORD_SRP')
    await waitForStep(page, 'mfaCode')
    await page.getByTestId('code').fill(nextTotp(tom().totpSecret))
    await page.getByTestId('submit-code').click()
    await waitForStep(page, 'rememberDevice')
    await page.getByTestId('remember-yes').click()
    await waitForStep(page, 'signedIn')
    await page.getByTestId('device').first().waitFor()
    const [record] = await storedRecords()
    const key = record!.deviceKey
    expect(await lastSignIn(tom().username)).toMatchObject({ response: 'Pass', deviceKeyIssued: key })

    await openAccount()
    expect(await page.getByTestId('mfa-status').getAttribute('data-totp')).toBe('on')
    expect(await page.getByTestId('totp-warning').textContent()).toMatch(/no longer sign in with a passkey or an e-mailed code/)
    await screenshot('totp-user-warning')

    await signOut()
    // the name and password in the sign-in form: PASSWORD_SRP at once, then device SRP instead of the code
    await page.getByTestId('username').fill(tom().username)
    await page.getByTestId('password').fill(tom().password)
    await page.getByTestId('sign-in').click()
    expect(await waitForStep(page, 'signedIn', 'mfaCode', 'selectChallenge', 'rememberDevice', 'failed')).toBe('signedIn')
    await page.getByTestId('device').first().waitFor()
    await screenshot('totp-user-signed-in-without-mfa')
    expect(await lastSignIn(tom().username)).toMatchObject({
      response: 'Pass',
      deviceKeyPresented: key,
      deviceKeyIssued: undefined,
      challenges: [{ name: 'Password', response: 'Success' }],
    })
    expect(await serverDevices(app.pool, tom().username)).toEqual([{ deviceKey: key, status: 'remembered' }])
  })

  it('had no uncaught errors or unhandled promise rejections in the pages', () => {
    expect(errors.flat()).toEqual([])
  })
})
