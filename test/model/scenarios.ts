// Hand-written runs for what a path through the protocol model cannot reach: input the client refuses
// before any call, storage that fails, CANCEL while a call is in flight, an unknown challenge, the
// refresh timer, and errors raised while signed in. They share the coverage recorder of the paths.
import { expect } from 'vitest'
import { createAuthClient, deviceStore, memoryStorage, type AuthClient, type AuthStorage, type AuthView } from '../../src/index'
import { createDeviceVerifier } from '../../src/srp'
import type { CoverageRecorder } from './coverage'
import { CLIENT, POOL, RIGHT_CODE, ScriptedCognito, TOTP_SECRET, USER, type Answer } from './scriptedCognito'

/** A client over a scripted Cognito and a storage the scenario may break. */
export class Harness {
  readonly cognito = new ScriptedCognito()
  readonly clock = { t: Date.UTC(2026, 0, 5, 9, 0, 0) }
  readonly client: AuthClient
  readonly storage: AuthStorage
  /** Set to make every storage call throw. */
  broken = false
  /** Called on each storage read (a scenario can act in the middle of loading). */
  onRead: (() => void) | null = null

  constructor(coverage: CoverageRecorder, authFlow: 'USER_SRP_AUTH' | 'CUSTOM_AUTH' = 'USER_SRP_AUTH') {
    const inner = memoryStorage()
    this.storage = inner
    const guard = <T>(fn: () => T): T => {
      if (this.broken) throw new Error('storage unavailable (injected)')
      return fn()
    }
    const storage: AuthStorage = {
      getItem: (key) => guard(() => (this.onRead?.(), inner.getItem(key))),
      setItem: (key, value) => guard(() => inner.setItem(key, value)),
      removeItem: (key) => guard(() => inner.removeItem(key)),
    }
    this.client = createAuthClient({
      userPoolId: POOL,
      clientId: CLIENT,
      transport: this.cognito,
      storage,
      authFlow,
      clock: { now: () => this.clock.t },
      trust: { days: 30 },
      deviceName: 'scenario',
    })
    coverage.watch(this.client.actor)
  }

  /** Gives the client a remembered device that Cognito knows; returns its key. */
  async rememberedDevice(): Promise<string> {
    const deviceKey = `us-east-1_${crypto.randomUUID()}`
    const verifier = await createDeviceVerifier({ deviceGroupKey: '-g', deviceKey })
    const record = {
      version: 1 as const,
      userId: USER.userId,
      deviceKey,
      deviceGroupKey: '-g',
      devicePassword: verifier.devicePassword,
      status: 'remembered' as const,
      confirmedAt: this.clock.t,
      trustedUntil: null,
    }
    await deviceStore(this.storage, { userPoolId: POOL, clientId: CLIENT }).save(record, [USER.username, USER.userId])
    this.cognito.knowDevice(deviceKey, '-g', verifier.passwordVerifier, verifier.salt)
    return deviceKey
  }

  /** Scripts a password sign-in that Cognito answers with `next` (a new device, always remembered, after tokens). */
  scriptSignIn(next: Answer): void {
    const c = this.cognito
    c.replies.push(c.srpStart('USER_SRP_AUTH', null), c.srpVerify(null, next))
    if (next.kind === 'tokens') c.replies.push(c.confirmDevice(false))
    if (next.kind === 'challenge' && next.name === 'MFA_SETUP')
      c.replies.push(c.plain('AssociateSoftwareToken', { SecretCode: TOTP_SECRET, Session: 'assoc' }))
  }

  async signInTo(next: Answer): Promise<AuthView> {
    this.scriptSignIn(next)
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
}

const challenge = (name: string, parameters: Record<string, string> = {}): Answer => ({ kind: 'challenge', name, parameters })
const tokens: Answer = { kind: 'tokens', newDevice: true }

/** The scenarios, by name. Each asserts what it shows and stops its client. */
export const scenarios: Record<string, (coverage: CoverageRecorder) => Promise<void>> = {
  async 'input is validated before any call, from signedOut and from an error'(coverage) {
    const h = new Harness(coverage)
    let view = await h.client.signIn({ username: '  ', password: 'x' })
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'INVALID_INPUT' } })
    h.cognito.replies.push(h.cognito.srpStart('USER_SRP_AUTH', null), h.cognito.srpVerify(null, tokens))
    view = await h.client.signIn({ username: USER.username, password: 'Wrong-Pa55word!' })
    expect(view).toMatchObject({ step: 'error', error: { code: 'NOT_AUTHORIZED' }, canRetry: false })
    view = await h.client.signIn({ username: '', password: 'x' })
    expect(view).toMatchObject({ step: 'error', error: { code: 'INVALID_INPUT' } })
    view = await h.signInTo(tokens)
    expect(view.step).toBe('signedIn')
    expect(h.cognito.calls).toHaveLength(5)
    h.client.stop()
  },

  async 'a bad answer at each waiting step is refused with no call, and RETRY returns to the step'(coverage) {
    const cases: [Answer, (v: AuthView) => void, string][] = [
      [challenge('SOFTWARE_TOKEN_MFA'), (v) => v.submitCode('12a'), 'mfaCode'],
      [challenge('SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: '["SOFTWARE_TOKEN_MFA"]' }), (v) => v.selectMfa('SMS_MFA'), 'selectMfa'],
      [
        challenge('NEW_PASSWORD_REQUIRED', { requiredAttributes: '["userAttributes.name"]' }),
        (v) => v.submitNewPassword({ password: 'N3w-Pa55!' }),
        'newPassword',
      ],
      [challenge('MFA_SETUP'), (v) => v.confirmTotpSetup(''), 'totpSetup'],
    ]
    for (const [answer, bad, step] of cases) {
      const h = new Harness(coverage)
      expect((await h.signInTo(answer)).step).toBe(step)
      const calls = h.cognito.calls.length
      bad(h.client.getView())
      const view = await h.settled()
      expect(view).toMatchObject({ step: 'error', error: { code: 'INVALID_INPUT' }, canRetry: true })
      expect(h.cognito.calls).toHaveLength(calls)
      expect((await h.client.retry()).step).toBe(step)
      h.client.stop()
    }
    const h = new Harness(coverage, 'CUSTOM_AUTH')
    h.cognito.replies.push(h.cognito.start('CUSTOM_AUTH', null, challenge('CUSTOM_CHALLENGE', { question: 'q' })))
    expect((await h.client.signIn({ username: USER.username })).step).toBe('customChallenge')
    expect(await h.client.answerCustomChallenge('')).toMatchObject({ step: 'error', error: { code: 'INVALID_INPUT' } })
    h.client.stop()
  },

  async 'an unknown challenge is a typed error, not a hang'(coverage) {
    const h = new Harness(coverage)
    const view = await h.signInTo(challenge('WEB_AUTHN'))
    expect(view).toMatchObject({ step: 'error', error: { code: 'UNKNOWN_CHALLENGE' } })
    expect((await h.client.cancel()).step).toBe('signedOut')
    h.client.stop()
  },

  async 'storage that fails at start, at sign-in and while leaving gives STORAGE_ERROR views'(coverage) {
    const h = new Harness(coverage)
    h.broken = true
    h.client.start()
    const view = await h.settled()
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'STORAGE_ERROR' } })
    expect(await h.client.signIn({ username: USER.username, password: USER.password })).toMatchObject({
      step: 'error',
      error: { code: 'STORAGE_ERROR' },
    })
    expect(h.cognito.calls).toHaveLength(0)
    h.broken = false
    expect((await h.signInTo(challenge('SOFTWARE_TOKEN_MFA'))).step).toBe('mfaCode')
    h.broken = true
    expect((await h.client.cancel()).step).toBe('signedOut')
    h.client.stop()
  },

  async 'CANCEL while loading the device, signing in, answering and authenticating the device'(coverage) {
    // loading the device record
    let h = new Harness(coverage)
    await h.client.start()
    await h.settled()
    h.onRead = () => ((h.onRead = null), h.client.getView().cancel())
    expect(await h.client.signIn({ username: USER.username, password: USER.password }).then(() => h.settled())).toMatchObject({
      step: 'signedOut',
    })
    h.client.stop()
    // each call in flight: the client leaves at once and ignores the late answer
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
        if (current.cognito.calls.length - 1 === atCall) current.client.getView().cancel()
      }
      let view = await h.client.signIn({ username: USER.username, password: USER.password })
      if (view.step === 'mfaCode') view = await h.client.submitCode(RIGHT_CODE)
      expect(await h.settled(), `cancel at call ${atCall} (${answer.kind}); calls ${h.cognito.calls.join()}`).toMatchObject({
        step: 'signedOut',
      })
      // the late answer changes nothing: no call after the cancelled one, no tokens stored
      await new Promise((r) => setTimeout(r, 50))
      expect(h.cognito.calls, `calls after a cancel at call ${atCall}`).toHaveLength(atCall + 1)
      expect(await h.storage.getItem(`cognito-auth-machine.${POOL}.${CLIENT}.session`)).toBeNull()
      h.client.stop()
    }
  },

  async 'signed in: REFRESH on demand, the refresh timer, and an error while signed in that CANCEL leaves'(coverage) {
    const h = new Harness(coverage)
    expect((await h.signInTo(tokens)).step).toBe('signedIn')
    const refresh = () =>
      h.cognito.plain('InitiateAuth:REFRESH_TOKEN_AUTH', {
        AuthenticationResult: { AccessToken: 'eyJhbGciOiJub25lIn0.e30.c2ln', IdToken: 'eyJhbGciOiJub25lIn0.e30.c2ln', ExpiresIn: 3600 },
      })
    h.cognito.replies.push(refresh())
    expect((await h.client.refresh()).step).toBe('signedIn')
    const expiresAt = (h.client.getView() as { expiresAt: number }).expiresAt
    // the timer: one second before refresh is due, the idle state waits (at least 1 s); once the clock
    // has passed the margin, the timer's check refreshes with no command
    h.clock.t = expiresAt - 5 * 60_000 - 500
    await h.client.getTokens()
    h.clock.t += 10_000
    h.cognito.replies.push(refresh())
    const before = h.cognito.calls.length
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && h.cognito.calls.length === before;)
      await new Promise((r) => setTimeout(r, 50))
    expect(h.cognito.calls.slice(before)).toEqual(['InitiateAuth:REFRESH_TOKEN_AUTH'])
    // an error while signed in: CANCEL goes back to the signed-in view
    h.cognito.fault = { index: h.cognito.calls.length, error: () => new (class extends Error {})('network down') as never }
    await h.settled()
    const failed = await h.client.forgetDevice()
    expect(failed).toMatchObject({ step: 'error', signedIn: true })
    expect((await h.client.cancel()).step).toBe('signedIn')
    h.client.stop()
  },
}
