// Hand-written runs for what a path through the protocol model cannot reach: input the client refuses
// before any call, storage that fails, CANCEL while a call is in flight, an unknown challenge, the
// refresh timer, a failed task while signed in, and two clients on one storage (another tab signing out,
// or in as someone else). They share the coverage recorder of the paths.
import { expect, vi } from 'vitest'
import { AuthError, createAuthClient, memoryStorage, type AuthClient, type AuthStorage, type AuthView } from '../../src/index'
import { deviceStore } from '../../src/machine/index'
import { createDeviceVerifier } from '../../src/srp'
import type { CoverageRecorder } from './coverage'
import { CLIENT, POOL, RIGHT_CODE, ScriptedCognito, TOTP_SECRET, USER, type Answer, type Reply } from './scriptedCognito'

const SESSION_KEY = `cognito-auth-machine.${POOL}.${CLIENT}.session`

/**
 * One storage for several clients, as two tabs share one: each client gets its own handle, and a write
 * through one handle is announced (`onChange`) to the others, as web storage and IndexedDB do.
 */
export class SharedStorage {
  readonly inner = memoryStorage()
  private readonly handles: { listeners: Set<(key: string) => void> }[] = []
  /** Set to make every call throw. */
  broken = false
  /** Called on each read (a scenario can act in the middle of loading). */
  onRead: ((key: string) => void) | null = null

  handle(notices = true): AuthStorage {
    const self = { listeners: new Set<(key: string) => void>() }
    this.handles.push(self)
    const guard = <T>(fn: () => T): T => {
      if (this.broken) throw new Error('storage unavailable (injected)')
      return fn()
    }
    const announce = (key: string) => {
      for (const other of this.handles) if (other !== self) for (const listener of other.listeners) listener(key)
    }
    return {
      getItem: (key) => guard(() => (this.onRead?.(key), this.inner.getItem(key))),
      setItem: (key, value) => guard(() => (this.inner.setItem(key, value), announce(key))),
      removeItem: (key) => guard(() => (this.inner.removeItem(key), announce(key))),
      withLock: (name, task) => this.inner.withLock!(name, task),
      ...(notices
        ? {
            onChange: (listener: (key: string) => void) => {
              self.listeners.add(listener)
              return () => self.listeners.delete(listener)
            },
          }
        : {}),
    }
  }
}

/** A client over a scripted Cognito and a storage the scenario may break or share. */
export class Harness {
  readonly clock: { t: number }
  readonly cognito: ScriptedCognito
  readonly client: AuthClient
  readonly shared: SharedStorage
  readonly storage: AuthStorage

  constructor(
    coverage: CoverageRecorder,
    options: {
      authFlow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_AUTH'
      with?: Harness
      notices?: boolean
      /** The client factory (a scenario may load the package afresh); default the one imported here. */
      create?: typeof createAuthClient
    } = {},
  ) {
    this.clock = options.with?.clock ?? { t: Date.UTC(2026, 0, 5, 9, 0, 0) }
    this.cognito = options.with?.cognito ?? new ScriptedCognito(() => this.clock.t)
    this.shared = options.with?.shared ?? new SharedStorage()
    this.storage = this.shared.handle(options.notices ?? false)
    this.client = (options.create ?? createAuthClient)({
      userPoolId: POOL,
      clientId: CLIENT,
      transport: this.cognito,
      storage: this.storage,
      authFlow: options.authFlow ?? 'USER_SRP_AUTH',
      clock: { now: () => this.clock.t },
      trust: { days: 30 },
      deviceName: 'scenario',
    })
    coverage.watch(this.client.actor)
  }

  set broken(value: boolean) {
    this.shared.broken = value
  }
  set onRead(value: ((key: string) => void) | null) {
    this.shared.onRead = value
  }

  /** Gives the client a remembered device that Cognito knows, confirmed now or (`expired`) 31 days ago; returns its key. */
  async rememberedDevice(expired = false): Promise<string> {
    const confirmedAt = this.clock.t - (expired ? 31 * 86_400_000 : 0)
    const deviceKey = `us-east-1_${crypto.randomUUID()}`
    const verifier = await createDeviceVerifier({ deviceGroupKey: '-g', deviceKey })
    const record = {
      version: 1 as const,
      userId: USER.userId,
      deviceKey,
      deviceGroupKey: '-g',
      devicePassword: verifier.devicePassword,
      status: 'remembered' as const,
      confirmedAt,
      trustedUntil: confirmedAt + 30 * 86_400_000 - 3_600_000,
    }
    await deviceStore(this.storage, { userPoolId: POOL, clientId: CLIENT }).save(record, [USER.username, USER.userId])
    this.cognito.knowDevice(deviceKey, '-g', verifier.passwordVerifier, verifier.salt)
    return deviceKey
  }

  /** Scripts a password sign-in that Cognito answers with `next` (a new device, always remembered, after tokens). */
  scriptSignIn(next: Answer, confirm: 'always' | 'prompt' = 'always'): void {
    const c = this.cognito
    c.replies.push(c.srpStart('USER_SRP_AUTH', null), c.srpVerify(null, next))
    if (next.kind === 'tokens') c.replies.push(c.confirmDevice(confirm === 'prompt'))
    if (next.kind === 'challenge' && next.name === 'MFA_SETUP')
      c.replies.push(c.plain('AssociateSoftwareToken', { SecretCode: TOTP_SECRET, Session: 'assoc' }))
  }

  async signInTo(next: Answer, confirm: 'always' | 'prompt' = 'always'): Promise<AuthView> {
    this.scriptSignIn(next, confirm)
    return this.client.signIn({ username: USER.username, password: USER.password })
  }

  /** Waits (polling, bounded) until the client shows a settled view. */
  async settled(): Promise<AuthView> {
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      const view = this.client.getView()
      if (view.step !== 'working' && !(view.step === 'signedIn' && view.busy)) return view
      await new Promise((r) => setTimeout(r, 5))
    }
    throw new Error('the client never settled')
  }

  /** Polls (bounded) until the view passes `check`. */
  async until(check: (view: AuthView) => boolean, what: string): Promise<AuthView> {
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      const view = this.client.getView()
      if (check(view)) return view
      await new Promise((r) => setTimeout(r, 5))
    }
    throw new Error(`never ${what}: ${this.client.getView().step}`)
  }
}

const challenge = (name: string, parameters: Record<string, string> = {}): Answer => ({ kind: 'challenge', name, parameters })
const tokens: Answer = { kind: 'tokens', newDevice: true }
const BOB = 'b0b00000-4b1d-4c0e-9d2e-000000000002'
const refreshed = (as = USER.userId): Reply => ({
  label: 'InitiateAuth:REFRESH_TOKEN_AUTH',
  respond: () => ({
    AuthenticationResult: {
      AccessToken: `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ username: as })).toString('base64url')}.c2ln`,
      IdToken: 'eyJhbGciOiJub25lIn0.e30.c2ln',
      ExpiresIn: 3600,
    },
  }),
})

/** The stored session's user, read as the storage holds it. */
async function storedUser(storage: AuthStorage): Promise<string | null> {
  const text = await storage.getItem(SESSION_KEY)
  return text === null ? null : (JSON.parse(text) as { userId: string }).userId
}

/** Another client on the same storage signs in as Bob (no MFA, USER_PASSWORD_AUTH). */
async function bobSignsIn(coverage: CoverageRecorder, on: Harness): Promise<Harness> {
  const bob = new Harness(coverage, { with: on, authFlow: 'USER_PASSWORD_AUTH' })
  bob.client.start()
  if ((await bob.settled()).step === 'signedIn') {
    // one user per storage: the other tab shows whoever is signed in, and signs out first
    bob.cognito.replies.push(bob.cognito.plain('RevokeToken'))
    expect((await bob.client.signOut()).step).toBe('signedOut')
  }
  bob.cognito.replies.push(bob.cognito.start('USER_PASSWORD_AUTH', null, { kind: 'tokens', newDevice: false, as: BOB }))
  expect(await bob.client.signIn({ username: 'bob', password: USER.password })).toMatchObject({ step: 'signedIn', userId: BOB })
  return bob
}

/**
 * Makes `module` (a path from this file) fail to load in the package imported from now on, as a lazy
 * chunk fails offline; returns the way back online. (A named function: vitest finds the importer of a
 * mock from its caller's stack frame.)
 */
function offline(module: string): () => void {
  vi.resetModules()
  vi.doMock(module, () => {
    throw new TypeError('Failed to fetch dynamically imported module (injected)')
  })
  return () => vi.doUnmock(module)
}

/** A password sign-in presenting `key` that Cognito answers with MFA, then (the right code) device SRP. */
function mfaOnRememberedDevice(c: ScriptedCognito, key: string): Reply[] {
  return [
    c.srpStart('USER_SRP_AUTH', key),
    c.srpVerify(key, challenge('SOFTWARE_TOKEN_MFA')),
    c.respond('SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: RIGHT_CODE }, { kind: 'deviceSrp' }, key),
    ...c.deviceSrp(key),
  ]
}

/** A reply that checks the request's `Session` before answering as `reply` does. */
function withSession(reply: Reply, session: string): Reply {
  return {
    label: reply.label,
    respond: (input) => {
      expect(input.Session, `Session in ${reply.label}`).toBe(session)
      return reply.respond(input)
    },
  }
}

/** Signs USER up (SignUp answered with session S1) and lands in the confirmSignUp step. */
async function signedUp(h: Harness): Promise<void> {
  const delivery = { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }
  h.cognito.replies.push(
    h.cognito.plain('SignUp', { UserConfirmed: false, UserSub: USER.userId, Session: 'S1', CodeDeliveryDetails: delivery }),
  )
  const view = await h.client.signUp({ username: USER.username, password: USER.password, attributes: { email: 'a@example.com' } })
  expect(view).toMatchObject({ step: 'confirmSignUp', delivery: { medium: 'EMAIL' } })
}

/** The scenarios, by name. Each asserts what it shows and stops its clients. */
export const scenarios: Record<string, (coverage: CoverageRecorder) => Promise<void>> = {
  async 'a confirmed sign-up signs in with its session (USER_AUTH, no password), then confirms the new device'(coverage) {
    const h = new Harness(coverage)
    await signedUp(h)
    const c = h.cognito
    c.replies.push(withSession(c.plain('ConfirmSignUp', { Session: 'S2' }), 'S1'))
    const start = c.start('USER_AUTH', null, tokens)
    c.replies.push(
      withSession(
        {
          label: start.label,
          respond: (input) => {
            expect(Object.keys(input.AuthParameters as object).sort()).toEqual(['USERNAME'])
            return start.respond(input)
          },
        },
        'S2',
      ),
      c.confirmDevice(false),
    )
    expect(await h.client.submitCode(RIGHT_CODE)).toMatchObject({ step: 'signedIn', username: USER.username })
    expect(h.cognito.calls).toEqual(['SignUp', 'ConfirmSignUp', 'InitiateAuth:USER_AUTH', 'ConfirmDevice'])
    h.client.stop()
  },

  async 'where the session cannot sign in (a choice of factors, USER_AUTH refused, no session), the user signs in with the password'(
    coverage,
  ) {
    const outcomes: ((c: ScriptedCognito) => Reply[])[] = [
      (c) => [c.plain('ConfirmSignUp', { Session: 'S2' }), c.start('USER_AUTH', null, challenge('SELECT_CHALLENGE'))],
      (c) => [
        c.plain('ConfirmSignUp', { Session: 'S2' }),
        {
          label: 'InitiateAuth:USER_AUTH',
          respond: () => {
            throw new AuthError('INVALID_PARAMETER', 'USER_AUTH is not enabled for this client.')
          },
        },
      ],
      (c) => [c.plain('ConfirmSignUp', {})],
    ]
    for (const replies of outcomes) {
      const h = new Harness(coverage)
      await signedUp(h)
      h.cognito.replies.push(...replies(h.cognito))
      expect(await h.client.submitCode(RIGHT_CODE)).toMatchObject({
        step: 'signedOut',
        notice: 'accountConfirmed',
        username: USER.username,
        error: null,
      })
      h.client.stop()
    }
  },

  async 'input is validated before any call, from signedOut and after a refused sign-in'(coverage) {
    const h = new Harness(coverage)
    let view = await h.client.signIn({ username: '  ', password: 'x' })
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'INVALID_INPUT', message: 'Enter a username and a password.' } })
    h.cognito.replies.push(h.cognito.srpStart('USER_SRP_AUTH', null), h.cognito.srpVerify(null, tokens))
    view = await h.client.signIn({ username: USER.username, password: 'Wrong-Pa55word!' })
    expect(view).toMatchObject({ step: 'signedOut', username: USER.username, error: { code: 'NOT_AUTHORIZED', retryable: false } })
    view = await h.client.signIn({ username: '', password: 'x' })
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'INVALID_INPUT' } })
    view = await h.signInTo(tokens)
    expect(view.step).toBe('signedIn')
    expect(h.cognito.calls).toHaveLength(5)
    h.client.stop()
  },

  async 'a bad answer at each waiting step shows its error there with no call, and the next answer is taken'(coverage) {
    const cases: [Answer, (c: AuthClient) => Promise<AuthView>, string][] = [
      [challenge('SOFTWARE_TOKEN_MFA'), (c) => c.submitCode('12a'), 'mfaCode'],
      [challenge('SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: '["SOFTWARE_TOKEN_MFA"]' }), (c) => c.selectMfa('SMS_MFA'), 'selectMfa'],
      [
        challenge('NEW_PASSWORD_REQUIRED', { requiredAttributes: '["userAttributes.name"]' }),
        (c) => c.submitNewPassword({ password: 'N3w-Pa55!' }),
        'newPassword',
      ],
      [challenge('MFA_SETUP'), (c) => c.confirmTotpSetup(''), 'totpSetup'],
    ]
    for (const [answer, bad, step] of cases) {
      const h = new Harness(coverage)
      expect((await h.signInTo(answer)).step).toBe(step)
      const calls = h.cognito.calls.length
      expect(await bad(h.client)).toMatchObject({ step, error: { code: 'INVALID_INPUT', retryable: false } })
      expect(h.cognito.calls).toHaveLength(calls)
      await expect(h.client.retry()).rejects.toMatchObject({ code: 'INVALID_STATE' })
      h.client.stop()
    }
    const h = new Harness(coverage, { authFlow: 'CUSTOM_AUTH' })
    h.cognito.replies.push(h.cognito.start('CUSTOM_AUTH', null, challenge('CUSTOM_CHALLENGE', { question: 'q' })))
    expect((await h.client.signIn({ username: USER.username })).step).toBe('customChallenge')
    expect(await h.client.answerCustomChallenge('')).toMatchObject({ step: 'customChallenge', error: { code: 'INVALID_INPUT' } })
    h.client.stop()
  },

  async 'an unknown challenge, or DEVICE_SRP_AUTH without a device, is a typed error, not a hang'(coverage) {
    // PASSWORD: Cognito's request for the password of a factor chosen without it, which this client never does
    for (const name of ['PASSWORD', 'DEVICE_SRP_AUTH']) {
      const h = new Harness(coverage)
      const view = await h.signInTo(challenge(name))
      expect(view).toMatchObject({ step: 'signedOut', error: { code: 'UNKNOWN_CHALLENGE' } })
      h.client.stop()
    }
  },

  async 'storage that fails at start, at sign-in and while leaving gives STORAGE_ERROR views'(coverage) {
    const h = new Harness(coverage)
    h.broken = true
    h.client.start()
    const view = await h.settled()
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'STORAGE_ERROR' } })
    expect(await h.client.signIn({ username: USER.username, password: USER.password })).toMatchObject({
      step: 'signedOut',
      error: { code: 'STORAGE_ERROR' },
    })
    expect(h.cognito.calls).toHaveLength(0)
    h.broken = false
    expect((await h.signInTo(challenge('SOFTWARE_TOKEN_MFA'))).step).toBe('mfaCode')
    h.broken = true
    expect((await h.client.cancel()).step).toBe('signedOut')
    h.client.stop()
    // leaving the remember prompt with storage down: signed out all the same
    const r = new Harness(coverage)
    expect((await r.signInTo(tokens, 'prompt')).step).toBe('rememberDevice')
    r.broken = true
    expect((await r.client.cancel()).step).toBe('signedOut')
    r.broken = false
    r.client.stop()
  },

  async 'CANCEL while loading the device, signing in, answering, authenticating the device and checking it'(coverage) {
    // loading the device record
    let h = new Harness(coverage)
    await h.client.start()
    await h.settled()
    h.onRead = () => ((h.onRead = null), void h.client.cancel())
    expect(await h.client.signIn({ username: USER.username, password: USER.password }).then(() => h.settled())).toMatchObject({
      step: 'signedOut',
    })
    h.client.stop()
    // each call in flight: the client leaves at once, aborts the request and ignores the late answer
    for (const [answer, atCall] of [
      [challenge('SOFTWARE_TOKEN_MFA'), 0],
      [tokens, 1],
      [challenge('SOFTWARE_TOKEN_MFA'), 2],
      [{ kind: 'deviceSrp' } as Answer, 2],
    ] as const) {
      h = new Harness(coverage)
      if (answer.kind === 'deviceSrp') {
        const key = await h.rememberedDevice()
        h.cognito.replies.push(h.cognito.srpStart('USER_SRP_AUTH', key), h.cognito.srpVerify(key, answer), ...h.cognito.deviceSrp(key))
      } else h.scriptSignIn(answer)
      if (answer.kind === 'challenge')
        h.cognito.replies.push(h.cognito.respond('SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: RIGHT_CODE }, tokens, null))
      const current = h // this case's harness: a late call of an earlier case must not cancel this one
      current.cognito.onCall = () => {
        if (current.cognito.calls.length - 1 === atCall) void current.client.cancel()
      }
      let view = await h.client.signIn({ username: USER.username, password: USER.password })
      if (view.step === 'mfaCode') view = await h.client.submitCode(RIGHT_CODE)
      expect(await h.settled(), `cancel at call ${atCall} (${answer.kind}); calls ${h.cognito.calls.join()}`).toMatchObject({
        step: 'signedOut',
        error: null,
      })
      // the late answer changes nothing: no call after the cancelled one, no tokens stored
      await new Promise((r) => setTimeout(r, 50))
      expect(h.cognito.calls, `calls after a cancel at call ${atCall}`).toHaveLength(atCall + 1)
      expect(await h.storage.getItem(SESSION_KEY)).toBeNull()
      h.client.stop()
    }
    // checking a remembered device with Cognito after MFA (GetDevice): the client leaves, and the device stays remembered
    h = new Harness(coverage)
    const key = await h.rememberedDevice()
    const c = h.cognito
    c.replies.push(...mfaOnRememberedDevice(c, key), c.getDevice(key, true))
    const current = h
    c.onCall = (label) => {
      if (label === 'GetDevice') void current.client.cancel()
    }
    await h.client.signIn({ username: USER.username, password: USER.password })
    await h.client.submitCode(RIGHT_CODE)
    expect(await h.settled()).toMatchObject({ step: 'signedOut', error: null })
    await new Promise((r) => setTimeout(r, 50))
    expect(c.calls.at(-1)).toBe('GetDevice')
    expect(await h.storage.getItem(SESSION_KEY)).toBeNull()
    expect((await deviceStore(h.storage, { userPoolId: POOL, clientId: CLIENT }).find(USER.username)).record?.status).toBe('remembered')
    h.client.stop()
  },

  async 'after MFA on a remembered device, GetDevice listing it not_remembered brings the question back'(coverage) {
    // Cognito answers a not_remembered device with "Device does not exist." (the model's paths); an answer
    // that lists the device with that status must be read the same way
    const h = new Harness(coverage)
    const key = await h.rememberedDevice()
    const c = h.cognito
    const notRemembered = { Name: 'dev:device_remembered_status', Value: 'not_remembered' }
    c.replies.push(...mfaOnRememberedDevice(c, key), {
      label: 'GetDevice',
      respond: () => ({ Device: { DeviceKey: key, DeviceAttributes: [{ Name: 'device_status', Value: 'valid' }, notRemembered] } }),
    })
    expect((await h.client.signIn({ username: USER.username, password: USER.password })).step).toBe('mfaCode')
    expect(await h.client.submitCode(RIGHT_CODE)).toMatchObject({ step: 'rememberDevice', reason: 'reasked', deviceKey: key, error: null })
    h.client.stop()
  },

  async 'a second signIn while one runs is refused, and neither resolves with the other user'(coverage) {
    const h = new Harness(coverage)
    h.scriptSignIn(challenge('MFA_SETUP'))
    const first = h.client.signIn({ username: USER.username, password: USER.password })
    const second = h.client.signIn({ username: 'carol', password: USER.password })
    await expect(second).rejects.toMatchObject({ code: 'INVALID_STATE' })
    expect(await first).toMatchObject({ step: 'totpSetup', secret: TOTP_SECRET })
    expect(h.cognito.calls).toEqual(['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'AssociateSoftwareToken'])
    h.client.stop()
  },

  async 'signed in: REFRESH on demand, the refresh timer, and a failed task shown in signedIn, retried'(coverage) {
    const h = new Harness(coverage)
    expect((await h.signInTo(tokens)).step).toBe('signedIn')
    await expect(h.client.signIn({ username: 'carol', password: 'x' })).rejects.toMatchObject({ code: 'ALREADY_SIGNED_IN' })
    h.cognito.replies.push(refreshed())
    expect((await h.client.refresh()).step).toBe('signedIn')
    const expiresAt = (h.client.getView() as { expiresAt: number }).expiresAt
    // the timer: one second before refresh is due, the idle state waits (at least 1 s); once the clock
    // has passed the margin, the timer's check refreshes with no command
    h.clock.t = expiresAt - 5 * 60_000 - 500
    await h.client.getTokens()
    h.clock.t += 10_000
    h.cognito.replies.push(refreshed())
    const before = h.cognito.calls.length
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && h.cognito.calls.length === before;)
      await new Promise((r) => setTimeout(r, 50))
    expect(h.cognito.calls.slice(before)).toEqual(['InitiateAuth:REFRESH_TOKEN_AUTH'])
    await h.settled()
    // a task that fails stays in signedIn with its error; getTokens() goes on from there
    h.cognito.fault = { index: h.cognito.calls.length, kind: 'network', error: () => new AuthError('NETWORK_ERROR', 'network down') }
    const failed = await h.client.listDevices()
    expect(failed).toMatchObject({ step: 'signedIn', busy: null, error: { code: 'NETWORK_ERROR', retryable: true } })
    expect(await h.client.getTokens()).toMatchObject({ refreshToken: expect.any(String) })
    expect(h.client.getView()).toMatchObject({ step: 'signedIn', error: null })
    h.client.stop()
  },

  async 'two clients on one storage: a sign-out or another user in one is never acted on by the other'(coverage) {
    // every signed-in task of A, after B signed out on the same storage: A goes to signedOut, calls nothing
    const tasks: [string, (c: AuthClient) => Promise<unknown>][] = [
      ['listDevices', (c) => c.listDevices()],
      ['forgetDevice', (c) => c.forgetDevice()],
      ['rememberDevice', (c) => c.rememberDevice(false)],
      ['refresh', (c) => c.refresh()],
      ['getTokens', (c) => c.getTokens()],
    ]
    for (const [name, task] of tasks) {
      const a = new Harness(coverage)
      expect((await a.signInTo(tokens)).step, name).toBe('signedIn')
      const b = new Harness(coverage, { with: a })
      b.client.start()
      expect((await b.settled()).step).toBe('signedIn') // the same user's session, restored
      a.cognito.replies.push(a.cognito.plain('RevokeToken'))
      expect((await b.client.signOut()).step).toBe('signedOut')
      const calls = a.cognito.calls.length
      const outcome = await task(a.client)
      if (name === 'getTokens') expect(outcome).toBeNull()
      expect(a.client.getView(), name).toMatchObject({ step: 'signedOut', error: { code: 'NOT_SIGNED_IN' } })
      expect(a.cognito.calls, name).toHaveLength(calls)
      a.client.stop()
      b.client.stop()
    }
    // the trust deadline passes while A is signed in, after B signed out: nothing is marked, A signs out
    const a = new Harness(coverage)
    expect((await a.signInTo(tokens)).step).toBe('signedIn')
    const b = new Harness(coverage, { with: a })
    b.client.start()
    await b.settled()
    a.cognito.replies.push(a.cognito.plain('RevokeToken'))
    await b.client.signOut()
    a.clock.t += 31 * 86_400_000 // past the trust deadline, and the tokens due
    const calls = a.cognito.calls.length
    expect(await a.client.getTokens()).toBeNull()
    expect(a.client.getView()).toMatchObject({ step: 'signedOut', error: { code: 'NOT_SIGNED_IN' } })
    expect(a.cognito.calls).toHaveLength(calls)
    // the trust deadline passes while A's tokens are fresh, after B signed out: nothing is marked, A signs out
    const d = new Harness(coverage, { with: a })
    d.scriptSignIn(tokens)
    d.cognito.replies.push(d.cognito.plain('ForgetDevice')) // Ana's device expired with the clock: forgotten after sign-in
    expect((await d.client.signIn({ username: USER.username, password: USER.password })).step).toBe('signedIn')
    d.clock.t += 30 * 86_400_000 - 10 * 60_000
    d.cognito.replies.push(refreshed())
    expect((await d.client.refresh()).step).toBe('signedIn') // tokens fresh until 50 minutes past the deadline
    const e = new Harness(coverage, { with: a })
    e.client.start()
    await e.settled()
    e.cognito.replies.push(e.cognito.plain('RevokeToken'))
    await e.client.signOut()
    d.clock.t += 11 * 60_000
    const beforeExpiry = d.cognito.calls.length
    expect(await d.client.getTokens()).toBeNull()
    expect(d.client.getView()).toMatchObject({ step: 'signedOut', error: { code: 'NOT_SIGNED_IN' } })
    expect(d.cognito.calls).toHaveLength(beforeExpiry)
    // Bob signs in on the storage A used: A neither returns Bob's tokens nor revokes Bob's session
    const c = new Harness(coverage, { with: a })
    c.scriptSignIn(tokens)
    c.cognito.replies.push(c.cognito.plain('ForgetDevice')) // Ana's device expired with the clock: forgotten after sign-in
    expect(await c.client.signIn({ username: USER.username, password: USER.password })).toMatchObject({ step: 'signedIn' })
    const bob = await bobSignsIn(coverage, a)
    expect(await c.client.getTokens()).toBeNull()
    expect(c.client.getView()).toMatchObject({ step: 'signedOut', error: { code: 'NOT_SIGNED_IN' } })
    const before = c.cognito.calls.length
    await expect(c.client.signOut()).rejects.toMatchObject({ code: 'INVALID_STATE' })
    expect(c.cognito.calls).toHaveLength(before)
    expect(await storedUser(a.storage)).toBe(BOB)
    const bobs = await bob.client.getTokens()
    expect(JSON.parse(Buffer.from(String(bobs?.accessToken.split('.')[1]), 'base64url').toString())).toMatchObject({ username: BOB })
    for (const client of [a, b, c, d, e, bob]) client.client.stop()
  },

  async 'with change notices, the other client follows at once: signed out, or signed in when it was signed out'(coverage) {
    const a = new Harness(coverage, { notices: true })
    expect((await a.signInTo(tokens)).step).toBe('signedIn')
    const b = new Harness(coverage, { with: a, notices: true })
    b.client.start()
    expect((await b.settled()).step).toBe('signedIn')
    // A refreshes the shared session: B rereads it, still the same user, with the new expiry
    a.clock.t += 3_600_000 - 60_000
    a.cognito.replies.push(refreshed())
    await a.client.refresh()
    const refreshedAt = (a.client.getView() as { expiresAt: number }).expiresAt
    expect(await b.until((v) => v.step === 'signedIn' && v.expiresAt === refreshedAt, 'took the refreshed session')).toBeTruthy()
    // A signs out: B is signed out at once, without a command
    a.cognito.replies.push(a.cognito.plain('RevokeToken'))
    await a.client.signOut()
    expect(await b.until((v) => v.step === 'signedOut', 'signed out')).toMatchObject({ error: { code: 'NOT_SIGNED_IN' } })
    // Bob signs in elsewhere: A, signed out, restores Bob's session; B (signed out) too
    const bob = await bobSignsIn(coverage, a)
    expect(await a.until((v) => v.step === 'signedIn', 'restored')).toMatchObject({ userId: BOB })
    expect(await b.until((v) => v.step === 'signedIn', 'restored')).toMatchObject({ userId: BOB })
    // a read that fails while checking the session keeps the signed-in view, with the error
    const c = new Harness(coverage, { with: a, notices: true })
    c.client.start()
    expect((await c.settled()).step).toBe('signedIn')
    let failing = true
    a.shared.onRead = (key) => {
      if (key === SESSION_KEY && failing) throw new Error('disk on fire (injected)')
    }
    await a.storage.setItem(`${SESSION_KEY}.unrelated`, 'x') // not the session key: nobody rereads
    await bob.storage.setItem(SESSION_KEY, String(await a.shared.inner.getItem(SESSION_KEY))) // the same session, written again
    expect(await c.until((v) => v.step === 'signedIn' && v.error !== null, 'showed the failed read')).toMatchObject({
      error: { code: 'STORAGE_ERROR' },
    })
    failing = false
    a.shared.onRead = null
    for (const client of [a, b, c, bob]) client.client.stop()
  },

  async 'a session gone mid sign-in (another tab) ends it without touching the other session'(coverage) {
    // confirming the device, answering the remember prompt, forgetting an expired device: the step's
    // read of the session (its first after the tokens came, or its second) finds Bob's, written by another tab
    for (const [at, read] of [
      ['ConfirmDevice', 0],
      ['UpdateDeviceStatus', 1],
      ['ForgetDevice', 1],
    ] as const) {
      const a = new Harness(coverage)
      if (at === 'ForgetDevice') await a.rememberedDevice(true)
      a.scriptSignIn(tokens, at === 'UpdateDeviceStatus' ? 'prompt' : 'always')
      let reads = 0
      a.onRead = (key) => {
        if (key !== SESSION_KEY || a.cognito.calls.length < 2 || reads++ !== read) return
        const stored = JSON.parse(String(a.shared.inner.getItem(SESSION_KEY))) as Record<string, unknown>
        void a.shared.inner.setItem(SESSION_KEY, JSON.stringify({ ...stored, userId: BOB }))
      }
      let view = await a.client.signIn({ username: USER.username, password: USER.password })
      if (view.step === 'rememberDevice') view = await a.client.rememberDevice(true)
      expect(view, at).toMatchObject({ step: 'signedOut', error: { code: 'NOT_SIGNED_IN' } })
      expect(
        a.cognito.calls.filter((c) => c === at),
        at,
      ).toHaveLength(0)
      expect(await storedUser(a.storage), at).toBe(BOB)
      a.client.stop()
    }
    // checking the remembered device after MFA: the check reads Bob's session and asks nothing of Cognito
    const a = new Harness(coverage)
    const key = await a.rememberedDevice()
    a.cognito.replies.push(...mfaOnRememberedDevice(a.cognito, key), a.cognito.getDevice(key, true))
    a.onRead = (read) => {
      if (read !== SESSION_KEY || a.cognito.calls.at(-1) !== 'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER') return
      a.onRead = null
      const stored = JSON.parse(String(a.shared.inner.getItem(SESSION_KEY))) as Record<string, unknown>
      void a.shared.inner.setItem(SESSION_KEY, JSON.stringify({ ...stored, userId: BOB }))
    }
    await a.client.signIn({ username: USER.username, password: USER.password })
    let view = await a.client.submitCode(RIGHT_CODE)
    if (view.step === 'rememberDevice') view = await a.client.rememberDevice(true)
    expect(view, 'GetDevice').toMatchObject({ step: 'signedOut', error: { code: 'NOT_SIGNED_IN' } })
    expect(a.cognito.calls.filter((c) => c === 'GetDevice' || c === 'UpdateDeviceStatus')).toEqual([])
    expect(await storedUser(a.storage)).toBe(BOB)
    a.client.stop()
  },

  async 'the device check cannot load its code, offline: the remember prompt, as for any failed check; loaded on the next try'(coverage) {
    // a fresh copy of the package whose device exchanges cannot be fetched, as a browser offline meets a lazy chunk
    const online = offline('../../src/machine/deviceExchange')
    try {
      const fresh = await import('../../src/index')
      const h = new Harness(coverage, { create: fresh.createAuthClient })
      const key = await h.rememberedDevice()
      h.cognito.replies.push(...mfaOnRememberedDevice(h.cognito, key))
      await h.client.signIn({ username: USER.username, password: USER.password })
      expect(await h.client.submitCode(RIGHT_CODE)).toMatchObject({
        step: 'rememberDevice',
        reason: 'reasked',
        deviceKey: key,
        error: null,
      })
      expect(h.cognito.calls).not.toContain('GetDevice')
      // still offline: the answer fails in the prompt, retryable; back online, the same answer is taken
      expect(await h.client.rememberDevice(true)).toMatchObject({
        step: 'rememberDevice',
        error: { code: 'NETWORK_ERROR', retryable: true },
      })
      online()
      h.cognito.replies.push(h.cognito.plain('UpdateDeviceStatus', {}, key))
      expect(await h.client.rememberDevice(true)).toMatchObject({ step: 'signedIn', device: { deviceKey: key, status: 'remembered' } })
      h.client.stop()
    } finally {
      online()
      vi.resetModules()
    }
  },

  async 'two clients refresh at once: one REFRESH_TOKEN_AUTH, the other takes its tokens'(coverage) {
    const a = new Harness(coverage)
    expect((await a.signInTo(tokens)).step).toBe('signedIn')
    const b = new Harness(coverage, { with: a })
    b.client.start()
    await b.settled()
    a.clock.t += 3_600_000 - 60_000
    a.cognito.replies.push(refreshed())
    const before = a.cognito.calls.length
    const [ta, tb] = await Promise.all([a.client.getTokens(), b.client.getTokens()])
    expect(a.cognito.calls.slice(before)).toEqual(['InitiateAuth:REFRESH_TOKEN_AUTH'])
    expect(ta).toEqual(tb)
    expect(ta?.expiresAt).toBe(a.clock.t + 3_600_000)
    a.client.stop()
    b.client.stop()
  },

  async 'each failed step takes cancel(), and retry() only when the error is retryable'(coverage) {
    // ConfirmDevice refused for good: failed, no retry, cancel leaves and removes this sign-in's tokens
    const h = new Harness(coverage)
    h.cognito.replies.push(h.cognito.srpStart('USER_SRP_AUTH', null), h.cognito.srpVerify(null, tokens), {
      label: 'ConfirmDevice',
      respond: () => Promise.reject(new AuthError('INVALID_PARAMETER', 'Invalid device key given')),
    })
    const view = await h.client.signIn({ username: USER.username, password: USER.password })
    expect(view).toMatchObject({ step: 'failed', doing: 'confirmingDevice', error: { code: 'INVALID_PARAMETER', retryable: false } })
    await expect(h.client.retry()).rejects.toMatchObject({ code: 'INVALID_STATE' })
    expect(await h.storage.getItem(SESSION_KEY)).not.toBeNull()
    expect(await h.client.cancel()).toMatchObject({ step: 'signedOut', error: null })
    expect(await h.storage.getItem(SESSION_KEY)).toBeNull()
    h.client.stop()
    // forgetting the expired device fails: cancel leaves (this sign-in's tokens removed)
    const x = new Harness(coverage)
    await x.rememberedDevice(true)
    x.scriptSignIn(tokens)
    x.cognito.replies.push({ label: 'ForgetDevice', respond: () => Promise.reject(new AuthError('INTERNAL_ERROR', 'down (injected)')) })
    expect(await x.client.signIn({ username: USER.username, password: USER.password })).toMatchObject({
      step: 'failed',
      doing: 'forgettingExpiredDevice',
      error: { retryable: true },
    })
    expect(await x.client.cancel()).toMatchObject({ step: 'signedOut', error: null })
    expect(await x.storage.getItem(SESSION_KEY)).toBeNull()
    x.client.stop()
    // TOTP set-up and device authentication fail with no input: cancel from there
    for (const first of [challenge('MFA_SETUP'), { kind: 'deviceSrp' } as Answer]) {
      const g = new Harness(coverage)
      const key = first.kind === 'deviceSrp' ? await g.rememberedDevice() : null
      g.cognito.replies.push(g.cognito.srpStart('USER_SRP_AUTH', key), g.cognito.srpVerify(key, first))
      g.cognito.fault = { index: 2, kind: 'internal', error: () => new AuthError('INTERNAL_ERROR', 'down (injected)') }
      const failed = await g.client.signIn({ username: USER.username, password: USER.password })
      expect(failed).toMatchObject({ step: 'failed', error: { retryable: true } })
      expect(await g.client.cancel()).toMatchObject({ step: 'signedOut', error: null })
      g.client.stop()
    }
  },
}
