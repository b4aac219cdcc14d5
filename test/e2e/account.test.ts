// The account flows (sign-up with its code, password reset) against the local server, through both
// transports: errors stay in their step, commands at the wrong step are refused, no password in any view,
// threat protection's context on every call that takes it, and each flow meets the sign-in where it ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuthClient, CognitoTransport } from '../../src/index'
import { fetchTransport, awsSdkTransport } from '../../src/index'
import { refused, startHarness, TRANSPORTS, type Harness, type Pool, type TransportKind } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const PASSWORD = 'first-Passw0rd!'
const NEW_PASSWORD = 'second-Passw0rd!'

/** The last code the server sent to `username`. */
function codeFor(username: string): string {
  const message = h.cognito.outbox.last(username)
  if (!message) throw new Error(`no message for ${username}`)
  return message.code
}

/** A transport that records each request body (the real transport underneath). */
function recordingBodies(kind: TransportKind) {
  const inner = kind === 'fetch' ? fetchTransport() : awsSdkTransport()
  const sent: { operation: string; input: Record<string, unknown> }[] = []
  const transport: CognitoTransport = {
    send(operation, input, target, options) {
      sent.push({ operation, input: input as Record<string, unknown> })
      return inner.send(operation, input, target, options)
    },
  }
  return { transport, sent }
}

describe.each(TRANSPORTS)('account flows through %s', (kind) => {
  let pool: Pool
  beforeAll(async () => {
    pool = await h.pool({ devices: 'always', autoVerify: ['email'] })
  })
  const fresh = () => `user-${kind}-${Math.random().toString(36).slice(2, 8)}`

  it('password reset: the code goes to the verified e-mail, a wrong code stays in the step, the right one resets, signedOut says so', async () => {
    const username = fresh()
    await h.user(pool, username, PASSWORD, { email: `${username}@example.com`, email_verified: 'true' })
    const client = h.client(pool, kind)
    let view = await client.forgotPassword({ username })
    expect(view.step).toBe('resetPassword')
    if (view.step !== 'resetPassword') return
    expect(view.delivery).toEqual({ destination: expect.stringMatching(/\*/), medium: 'EMAIL', attribute: 'email' })
    const code = codeFor(username)
    view = await client.resetPassword({ code: code === '000000' ? '111111' : '000000', password: NEW_PASSWORD })
    expect(view.step).toBe('resetPassword')
    expect('error' in view && view.error?.code).toBe('CODE_MISMATCH')
    view = await client.resetPassword({ code, password: NEW_PASSWORD })
    expect(view).toMatchObject({ step: 'signedOut', notice: 'passwordReset', username, error: null })
    expect(JSON.stringify(view)).not.toContain(NEW_PASSWORD)
    view = await client.signIn({ username, password: PASSWORD })
    expect(view.step === 'signedOut' && view.error?.code).toBe('NOT_AUTHORIZED')
    view = await client.signIn({ username, password: NEW_PASSWORD })
    expect(view.step).toBe('signedIn')
  })

  it('password reset with signIn: true signs in with the new password at once', async () => {
    const username = fresh()
    await h.user(pool, username, PASSWORD, { email: `${username}@example.com`, email_verified: 'true' })
    const client = h.client(pool, kind)
    await client.forgotPassword({ username })
    const view = await client.resetPassword({ code: codeFor(username), password: NEW_PASSWORD, signIn: true })
    expect(view).toMatchObject({ step: 'signedIn', username })
    expect(client.calls.map((c) => c.operation)).toEqual([
      'ForgotPassword',
      'ConfirmForgotPassword',
      'InitiateAuth',
      'RespondToAuthChallenge',
      'ConfirmDevice',
    ])
  })

  it('a reset leaves the sessions issued before it alive; signOutOthers ends them: signed in, GlobalSignOut, signed in again with the new password', async () => {
    const username = fresh()
    await h.user(pool, username, PASSWORD, { email: `${username}@example.com`, email_verified: 'true' })
    const before = h.client(pool, kind)
    expect((await before.signIn({ username, password: PASSWORD })).step).toBe('signedIn')
    const plain = h.client(pool, kind)
    await plain.forgotPassword({ username })
    expect((await plain.resetPassword({ code: codeFor(username), password: NEW_PASSWORD, signIn: true })).step).toBe('signedIn')
    expect((await before.refresh()).step).toBe('signedIn') // a reset alone ends no session
    const client = h.client(pool, kind)
    await client.forgotPassword({ username })
    const view = await client.resetPassword({ code: codeFor(username), password: PASSWORD, signOutOthers: true })
    expect(view).toMatchObject({ step: 'signedIn', username, notice: 'passwordChanged', error: null })
    const ops = client.calls.map((c) => c.operation)
    expect(ops.slice(ops.indexOf('ConfirmForgotPassword'))).toEqual([
      'ConfirmForgotPassword',
      'InitiateAuth',
      'RespondToAuthChallenge', // PASSWORD_VERIFIER: a new device
      'ConfirmDevice',
      'GlobalSignOut',
      'InitiateAuth',
      'RespondToAuthChallenge', // PASSWORD_VERIFIER, then the device just confirmed: DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
    ])
    expect(JSON.stringify(view)).not.toContain(PASSWORD)
    expect((await before.refresh()).step).toBe('signedOut')
    expect((await plain.refresh()).step).toBe('signedOut')
    expect((await client.refresh()).step).toBe('signedIn')
  })

  it('no verified e-mail or phone: the request fails in the forgotPassword step, and cancel() leaves', async () => {
    const username = fresh()
    await h.user(pool, username, PASSWORD, { email: `${username}@example.com` })
    const client = h.client(pool, kind)
    let view = await client.forgotPassword({ username })
    expect(view).toMatchObject({ step: 'forgotPassword', username })
    expect('error' in view && view.error?.code).toBe('NO_RECOVERY_CHANNEL')
    view = await client.cancel()
    expect(view).toMatchObject({ step: 'signedOut', error: null })
  })

  it('sign-up: the code step shows where the code went, a wrong code stays there, resend sends a new one, the right one confirms', async () => {
    const username = fresh()
    const client = h.client(pool, kind)
    let view = await client.signUp({ username, password: PASSWORD, attributes: { email: `${username}@example.com` } })
    expect(view).toMatchObject({ step: 'confirmSignUp', username, delivery: { medium: 'EMAIL', attribute: 'email' }, error: null })
    const first = codeFor(username)
    view = await client.submitCode(first === '000000' ? '111111' : '000000')
    expect(view.step === 'confirmSignUp' && view.error?.code).toBe('CODE_MISMATCH')
    view = await client.resendCode()
    expect(view).toMatchObject({ step: 'confirmSignUp', error: null })
    view = await client.submitCode(codeFor(username))
    // this app client does not allow USER_AUTH: confirmed, and the user signs in with the password
    expect(view).toMatchObject({ step: 'signedOut', notice: 'accountConfirmed', username, error: null })
    view = await client.signIn({ username, password: PASSWORD })
    expect(view.step).toBe('signedIn')
  })

  it("auto sign-in: confirmed, the user is signed in with Cognito's session (USER_AUTH, no password again) and asked to remember the device", async () => {
    const userAuthPool = await h.pool({ devices: 'opt-in', autoVerify: ['email'], userAuth: true })
    const username = fresh()
    const { transport, sent } = recordingBodies(kind)
    const client = h.client(userAuthPool, kind, { transport })
    await client.signUp({ username, password: PASSWORD, attributes: { email: `${username}@example.com` } })
    let view = await client.submitCode(codeFor(username))
    expect(view).toMatchObject({ step: 'rememberDevice', reason: 'newDevice' })
    view = await client.rememberDevice(true)
    expect(view).toMatchObject({ step: 'signedIn', username, device: { status: 'remembered' } })
    expect(sent.map((s) => s.operation)).toEqual(['SignUp', 'ConfirmSignUp', 'InitiateAuth', 'ConfirmDevice', 'UpdateDeviceStatus'])
    expect(sent[1]?.input.Session).toEqual(expect.any(String))
    expect(sent[2]?.input).toMatchObject({ AuthFlow: 'USER_AUTH', Session: expect.any(String), AuthParameters: { USERNAME: username } })
    expect(JSON.stringify(sent.slice(1))).not.toContain(PASSWORD)
    // signed out and in again with the password, the remembered key is presented (PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER)
    await client.signOut()
    view = await client.signIn({ username, password: PASSWORD })
    expect(view).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
    expect(sent.slice(-3).map((s) => s.operation)).toEqual(['RespondToAuthChallenge', 'RespondToAuthChallenge', 'RespondToAuthChallenge'])
  })

  it("a code typed after SignUp's session expired still confirms: sent again without it, then the auto sign-in with ConfirmSignUp's session", async () => {
    const userAuthPool = await h.pool({ devices: 'opt-in', autoVerify: ['email'], userAuth: true })
    const username = fresh()
    const { transport, sent } = recordingBodies(kind)
    const client = h.client(userAuthPool, kind, { transport })
    await client.signUp({ username, password: PASSWORD, attributes: { email: `${username}@example.com` } })
    h.cognito.clock.advance(4 * 60_000) // past the app client's AuthSessionValidity (3 minutes)
    const view = await client.submitCode(codeFor(username))
    expect(view).toMatchObject({ step: 'rememberDevice', reason: 'newDevice' })
    expect(sent.map((s) => s.operation)).toEqual(['SignUp', 'ConfirmSignUp', 'ConfirmSignUp', 'InitiateAuth', 'ConfirmDevice'])
    expect(sent[1]?.input.Session).toEqual(expect.any(String))
    expect(sent[2]?.input).not.toHaveProperty('Session')
    expect(sent[2]?.input.ConfirmationCode).toBe(sent[1]?.input.ConfirmationCode)
  })

  it('auto sign-in on a pool that requires MFA goes on to TOTP enrolment, as any sign-in', async () => {
    const mfaPool = await h.pool({ mfa: 'ON', devices: 'always', autoVerify: ['email'], userAuth: true })
    const username = fresh()
    const client = h.client(mfaPool, kind)
    await client.signUp({ username, password: PASSWORD, attributes: { email: `${username}@example.com` } })
    const view = await client.submitCode(codeFor(username))
    expect(view).toMatchObject({ step: 'totpSetup', error: null })
  })

  it('a failed sign-up stays in the signUp step with its error; a taken name says so', async () => {
    const username = fresh()
    await h.user(pool, username, PASSWORD)
    const client = h.client(pool, kind)
    const view = await client.signUp({ username, password: PASSWORD, attributes: { email: `${username}@example.com` } })
    expect(view).toMatchObject({ step: 'signUp', username })
    expect('error' in view && view.error?.code).toBe('USERNAME_EXISTS')
    expect((await client.cancel()).step).toBe('signedOut')
  })

  it('confirmSignUp({ username }) opens the code step for a user who signed up earlier', async () => {
    const username = fresh()
    const first = h.client(pool, kind)
    await first.signUp({ username, password: PASSWORD, attributes: { email: `${username}@example.com` } })
    const later = h.client(pool, kind)
    const heard: string[] = []
    later.subscribe((v) => heard.push(v.step))
    let view = await later.confirmSignUp({ username })
    // subscribers (useAuth) hear the code step too, though no call was made to reach it
    expect(heard.at(-1)).toBe('confirmSignUp')
    expect(view).toMatchObject({ step: 'confirmSignUp', username, delivery: null })
    view = await later.submitCode(codeFor(username))
    expect(view).toMatchObject({ step: 'signedOut', notice: 'accountConfirmed', username })
    // confirmed already (another tab used the code): the first client is led to sign in, not stuck
    view = await first.submitCode(codeFor(username))
    expect(view).toMatchObject({ step: 'signedOut', notice: 'accountConfirmed', username })
  })

  it('commands at the wrong step are refused and change nothing', async () => {
    const client: AuthClient = h.client(pool, kind)
    expect(await refused(client.resendCode())).toBe('INVALID_STATE')
    expect(await refused(client.resetPassword({ code: '123456', password: NEW_PASSWORD }))).toBe('INVALID_STATE')
    const username = fresh()
    await client.signUp({ username, password: PASSWORD, attributes: { email: `${username}@example.com` } })
    const before = client.getView()
    expect(await refused(client.signIn({ username, password: PASSWORD }))).toBe('INVALID_STATE')
    expect(await refused(client.forgotPassword({ username }))).toBe('INVALID_STATE')
    expect(await refused(client.resetPassword({ code: '123456', password: NEW_PASSWORD }))).toBe('INVALID_STATE')
    expect(client.getView()).toBe(before)
    expect(JSON.stringify(before)).not.toContain(PASSWORD)
  })

  it('contextData: UserContextData on every call that takes it, and on no other', async () => {
    const username = fresh()
    await h.user(pool, username, PASSWORD, { email: `${username}@example.com`, email_verified: 'true' })
    const { transport, sent } = recordingBodies(kind)
    const asked: string[] = []
    const client = h.client(pool, kind, {
      transport,
      contextData: async (name) => (asked.push(name), { encodedData: `fingerprint-of-${name}`, ipAddress: '192.0.2.7' }),
    })
    await client.forgotPassword({ username })
    await client.resetPassword({ code: codeFor(username), password: NEW_PASSWORD, signIn: true })
    const other = fresh()
    await client.signOut()
    await client.signUp({ username: other, password: PASSWORD, attributes: { email: `${other}@example.com` } })
    await client.resendCode()
    await client.submitCode(codeFor(other))
    const takes = [
      'InitiateAuth',
      'RespondToAuthChallenge',
      'SignUp',
      'ConfirmSignUp',
      'ResendConfirmationCode',
      'ForgotPassword',
      'ConfirmForgotPassword',
    ]
    expect(new Set(sent.map((s) => s.operation))).toEqual(new Set([...takes, 'ConfirmDevice', 'RevokeToken']))
    for (const { operation, input } of sent) {
      if (takes.includes(operation))
        expect(input.UserContextData, operation).toEqual({ EncodedData: expect.stringMatching(/^fingerprint-of-/), IpAddress: '192.0.2.7' })
      else expect(input, operation).not.toHaveProperty('UserContextData')
    }
    expect(asked.slice(0, 2)).toEqual([username, username])
    expect(asked).toContain(other)
  })
})
