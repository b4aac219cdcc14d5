// The account page against the local server, through both transports: attributes and their codes,
// password change (with and without signing out everywhere), TOTP enrolment and MFA preferences, and
// deleting the user. Errors stay in `view.profile`, commands at the wrong step are refused, no password
// in any view, and the session's own commands keep working beside the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthError, fetchTransport, type AuthView, type CognitoTransport } from '../../src/index'
import { ops, refused, startHarness, TRANSPORTS, type Harness, type Pool } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const PASSWORD = 'first-Passw0rd!'
const NEW_PASSWORD = 'second-Passw0rd!'

/** The signed-in view's account page, failing the test on any other view. */
function page(view: AuthView) {
  if (view.step !== 'signedIn' || !view.profile) throw new Error(`expected signedIn with a profile, got ${JSON.stringify(view)}`)
  return view.profile
}

describe.each(TRANSPORTS)('the account page through %s', (kind) => {
  let pool: Pool
  beforeAll(async () => {
    pool = await h.pool({ mfa: 'OPTIONAL', totp: true, devices: 'always', autoVerify: ['email'] })
  })
  const fresh = () => `page-${kind}-${Math.random().toString(36).slice(2, 8)}`

  async function signedIn(extra: Parameters<Harness['client']>[2] = {}) {
    const username = fresh()
    await h.user(pool, username, PASSWORD, { email: `${username}@example.com`, email_verified: 'true', name: 'Ana' })
    const client = h.client(pool, kind, extra)
    const view = await client.signIn({ username, password: PASSWORD })
    expect(view.step).toBe('signedIn')
    return { username, client }
  }

  it('loadProfile reads the attributes and MFA settings (GetUser) into view.profile; before it, profile is null', async () => {
    const { username, client } = await signedIn()
    expect(client.getView()).toMatchObject({ step: 'signedIn', profile: null })
    const view = await client.loadProfile()
    expect(page(view)).toEqual({
      attributes: expect.objectContaining({
        email: `${username}@example.com`,
        email_verified: 'true',
        name: 'Ana',
        sub: expect.any(String),
      }),
      mfa: { enabled: [], preferred: null },
      verifying: [],
      totp: null,
      error: null,
      notice: null,
      // loadProfile reads no passkeys (listPasskeys does)
      passkeys: null,
      passkeysNextToken: null,
    })
    expect(ops(client.calls).at(-1)).toBe('GetUser')
  })

  it('a changed e-mail waits for its code: a wrong code stays in the page, a new code can be sent, the right one verifies it', async () => {
    const { username, client } = await signedIn()
    const email = `${username}@new.example.com`
    let view = await client.updateAttributes({ email, name: 'Ana B' })
    expect(page(view)).toMatchObject({
      attributes: { email, email_verified: 'false', name: 'Ana B' },
      verifying: [{ attribute: 'email', medium: 'EMAIL', destination: expect.stringMatching(/\*/) }],
      notice: 'codeSent',
    })
    const first = h.cognito.outbox.last(email)?.code ?? ''
    view = await client.verifyAttribute({ attribute: 'email', code: first === '000000' ? '111111' : '000000' })
    expect(page(view).error?.code).toBe('CODE_MISMATCH')
    expect(page(view).verifying).toHaveLength(1)
    view = await client.sendAttributeCode('email')
    expect(page(view)).toMatchObject({ error: null, notice: 'codeSent', verifying: [{ attribute: 'email' }] })
    const second = h.cognito.outbox.last(email)?.code ?? ''
    view = await client.verifyAttribute({ attribute: 'email', code: second })
    expect(page(view)).toMatchObject({
      attributes: { email, email_verified: 'true' },
      verifying: [],
      error: null,
      notice: 'attributeVerified',
    })
  })

  it('bad input is refused in the page before any call, and the page keeps what it had', async () => {
    const { client } = await signedIn()
    await client.loadProfile()
    const before = client.calls.length
    let view = await client.updateAttributes({ name: 7 } as unknown as Record<string, string>)
    expect(page(view).error?.code).toBe('INVALID_INPUT')
    view = await client.verifyAttribute({ attribute: 'name' as 'email', code: '123456' })
    expect(page(view).error?.code).toBe('INVALID_INPUT')
    view = await client.setMfaPreference({ totp: 'always' as 'enabled' })
    expect(page(view).error?.code).toBe('INVALID_INPUT')
    expect(client.calls.length).toBe(before)
    expect(page(view).attributes).not.toBeNull()
  })

  it('changePassword: a wrong current password stays in the page; the right one changes it, and the session goes on', async () => {
    const { username, client } = await signedIn()
    let view = await client.changePassword({ currentPassword: 'not-the-Passw0rd', newPassword: NEW_PASSWORD })
    expect(page(view).error?.code).toBe('NOT_AUTHORIZED')
    view = await client.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
    expect(view).toMatchObject({ step: 'signedIn', profile: { error: null, notice: 'passwordChanged' } })
    expect(JSON.stringify(view)).not.toContain(PASSWORD)
    expect(JSON.stringify(view)).not.toContain(NEW_PASSWORD)
    expect((await client.refresh()).step).toBe('signedIn')
    await client.signOut()
    expect((await client.signIn({ username, password: NEW_PASSWORD })).step).toBe('signedIn')
  })

  it('changePassword with signOutOthers: GlobalSignOut ends every session, this one too, and this client signs in again with the new password on its remembered device', async () => {
    const { username, client } = await signedIn()
    const before = await client.getTokens()
    const other = h.client(pool, kind)
    expect((await other.signIn({ username, password: PASSWORD })).step).toBe('signedIn')
    const view = await client.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, signOutOthers: true })
    expect(view).toMatchObject({ step: 'signedIn', username, notice: 'passwordChanged', error: null, device: { status: 'remembered' } })
    // PASSWORD_VERIFIER with the new password, then DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER: no MFA, no new device
    expect(ops(client.calls).slice(-6)).toEqual([
      'ChangePassword',
      'GlobalSignOut',
      'InitiateAuth',
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
    ])
    expect(JSON.stringify(view)).not.toContain(NEW_PASSWORD)
    expect(JSON.stringify(client.getPersistedSnapshot())).not.toContain(NEW_PASSWORD)
    const after = await client.getTokens()
    expect(after?.refreshToken).toEqual(expect.any(String))
    expect(after?.refreshToken).not.toBe(before?.refreshToken)
    // the other session's refresh token was revoked with it
    expect((await other.refresh()).step).toBe('signedOut')
    expect((await client.refresh()).step).toBe('signedIn')
  })

  it('signOutOthers whose sign-in again fails leaves no revoked session behind: signedOut with the error, and a reload stays signed out', async () => {
    const stored = new Map<string, string>()
    const storage = {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
      removeItem: (k: string) => void stored.delete(k),
    }
    let signedOutEverywhere = false
    const inner = fetchTransport({ retry: { attempts: 1 } })
    const transport: CognitoTransport = {
      send(operation, input, target, options) {
        if (operation === 'GlobalSignOut') signedOutEverywhere = true
        else if (signedOutEverywhere && operation === 'InitiateAuth') return Promise.reject(new AuthError('NETWORK_ERROR', 'offline'))
        return inner.send(operation, input, target, options)
      },
    }
    const { username, client } = await signedIn({ storage, transport })
    const view = await client.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, signOutOthers: true })
    expect(view).toMatchObject({ step: 'signedOut', username, error: { code: 'NETWORK_ERROR' } })
    expect(await client.getTokens()).toBeNull()
    const reloaded = h.client(pool, kind, { storage })
    expect((await reloaded.start().getTokens()) ?? null).toBeNull()
    expect(reloaded.getView().step).toBe('signedOut')
  })

  it('signOutOthers whose GlobalSignOut fails: the password is changed (the notice says so) and the failure shows in the page; the session goes on', async () => {
    const inner = fetchTransport({ retry: { attempts: 1 } })
    const transport: CognitoTransport = {
      send: (operation, input, target, options) =>
        operation === 'GlobalSignOut'
          ? Promise.reject(new AuthError('NETWORK_ERROR', 'offline'))
          : inner.send(operation, input, target, options),
    }
    const { username, client } = await signedIn({ transport })
    const view = await client.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, signOutOthers: true })
    expect(view).toMatchObject({ step: 'signedIn', profile: { notice: 'passwordChanged', error: { code: 'NETWORK_ERROR' } } })
    await client.signOut()
    expect((await client.signIn({ username, password: NEW_PASSWORD })).step).toBe('signedIn')
  })

  it('a page call on a session revoked elsewhere ends it: signedOut with the error, the stored session gone', async () => {
    const { username, client } = await signedIn()
    const other = h.client(pool, kind)
    await other.signIn({ username, password: PASSWORD })
    await other.signOut({ global: true })
    const view = await client.loadProfile()
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'NOT_AUTHORIZED' } })
    expect(await client.getTokens()).toBeNull()
    // a wrong current password is not the session's end: it stays in the page
    const { client: fine } = await signedIn()
    const wrong = await fine.changePassword({ currentPassword: 'not-the-Passw0rd', newPassword: NEW_PASSWORD })
    expect(wrong).toMatchObject({ step: 'signedIn', profile: { error: { code: 'NOT_AUTHORIZED' } } })
  })

  it('TOTP enrolment while signed in: the secret in view.profile.totp, a wrong code stays, the right one turns TOTP on as preferred; the next sign-in asks for it', async () => {
    const { username, client } = await signedIn()
    let view = await client.setUpTotp()
    const totp = page(view).totp
    expect(totp).toEqual({
      secret: expect.stringMatching(/^[A-Z2-7]+=*$/),
      otpauthUri: expect.stringContaining(`otpauth://totp/AWSCognito:${username}?secret=`),
    })
    expect(JSON.stringify(client.getPersistedSnapshot())).not.toContain(totp?.secret)
    view = await client.confirmTotpSetup('000000')
    expect(page(view).error?.code).toBe('ENABLE_SOFTWARE_TOKEN_MFA')
    expect(page(view).totp).toEqual(totp)
    view = await client.confirmTotpSetup(h.code(totp?.secret ?? ''))
    expect(page(view)).toMatchObject({
      totp: null,
      error: null,
      notice: 'totpEnabled',
      mfa: { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' },
    })
    // this device is remembered: MFA skipped; a new one is asked for the app's code
    await client.signOut()
    expect(await client.signIn({ username, password: PASSWORD })).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
    const elsewhere = h.client(pool, kind)
    expect(await elsewhere.signIn({ username, password: PASSWORD })).toMatchObject({ step: 'mfaCode', channel: 'TOTP' })
  })

  it('setMfaPreference turns methods on and off; cancel() leaves an enrolment under way', async () => {
    const { client } = await signedIn()
    let view = await client.setMfaPreference({ email: 'preferred' })
    expect(page(view)).toMatchObject({ notice: 'mfaUpdated', mfa: { enabled: ['EMAIL_OTP'], preferred: 'EMAIL_OTP' } })
    view = await client.setMfaPreference({ email: 'disabled' })
    expect(page(view).mfa).toEqual({ enabled: [], preferred: null })
    view = await client.setMfaPreference({ totp: 'enabled' })
    expect(page(view).error?.code).toBe('INVALID_PARAMETER')
    view = await client.setUpTotp()
    expect(page(view).totp).not.toBeNull()
    view = await client.cancel()
    expect(view).toMatchObject({ step: 'signedIn', profile: { totp: null } })
    expect(await refused(client.confirmTotpSetup('123456'))).toBe('INVALID_STATE')
  })

  it('deleteUser: the user is gone at Cognito, this pool’s device record and the session are gone here; signedOut, accountDeleted', async () => {
    const stored = new Map<string, string>()
    const storage = {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
      removeItem: (k: string) => void stored.delete(k),
    }
    const { username, client } = await signedIn({ storage })
    expect(client.getView()).toMatchObject({ step: 'signedIn', device: { deviceKey: expect.any(String) } })
    expect(stored.size).toBeGreaterThan(1)
    const view = await client.deleteUser()
    expect(view).toMatchObject({ step: 'signedOut', notice: 'accountDeleted', error: null })
    expect(ops(client.calls).at(-1)).toBe('DeleteUser')
    expect([...stored.keys()]).toEqual([])
    const again = await client.signIn({ username, password: PASSWORD })
    // this pool does not hide unknown users (PreventUserExistenceErrors off)
    expect(again.step === 'signedOut' && again.error?.code).toBe('USER_NOT_FOUND')
  })

  it('commands of the page are refused while signed out, and a command the page does not take now changes nothing', async () => {
    const client = h.client(pool, kind)
    for (const command of [
      () => client.loadProfile(),
      () => client.updateAttributes({ name: 'x' }),
      () => client.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
      () => client.setUpTotp(),
      () => client.deleteUser(),
    ]) {
      expect(await refused(command())).toBe('INVALID_STATE')
    }
    expect(client.calls).toEqual([])
    const { client: inside } = await signedIn()
    const view = await inside.loadProfile()
    expect(await refused(inside.confirmTotpSetup('123456'))).toBe('INVALID_STATE')
    expect(await refused(inside.cancel())).toBe('INVALID_STATE')
    expect(inside.getView()).toBe(view)
    // the session's own commands still work beside the page, and the page survives them
    expect(await inside.listDevices()).toMatchObject({ step: 'signedIn', profile: { attributes: expect.any(Object) } })
  })
})
