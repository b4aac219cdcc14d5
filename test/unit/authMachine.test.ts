import { describe, expect, it } from 'vitest'
import { createActor, fromPromise, waitFor, type InspectionEvent } from 'xstate'
import { AuthError, type AuthViewState } from '../../src/index'
import {
  authMachine,
  clockRules,
  conceal,
  connect,
  type AuthAnswer,
  type AuthEvent,
  type RestoreSessionOutput,
  type TaskResult,
} from '../../src/machine/index'

const PASSWORD = 'Pa55word-that-must-not-leak'
const NEW_PASSWORD = 'N3w-password-that-must-not-leak'

const session = { username: 'ana', userId: 'sub-1', expiresAt: Date.now() + 3_600_000, issuedAt: Date.now(), deviceKey: null }
const tokens: AuthAnswer = { kind: 'authenticated', session, newDevice: null }
const challenge = (name: string, parameters: Record<string, string> = {}): AuthAnswer => ({
  kind: 'challenge',
  name,
  session: `s-${name}`,
  parameters,
  at: Date.now(),
  userId: 'sub-1',
})
const device = {
  userId: 'sub-1',
  deviceKey: 'us-east-1_0000aaaa-0000-0000-0000-000000000001',
  status: 'remembered' as const,
  confirmedAt: 1,
  trustedUntil: null,
}

/** The machine with every actor provided by a script: `answers` are the Cognito answers in order. */
function scripted(
  answers: (AuthAnswer | AuthError)[],
  options: { device?: typeof device | null; necessary?: boolean; held?: boolean } = {},
) {
  const queue = [...answers]
  const inputs: { actor: string; input: unknown }[] = []
  const next = async (actor: string, input: unknown) => {
    inputs.push({ actor, input })
    const answer = queue.shift()
    if (!answer) throw new Error(`script exhausted at ${actor}`)
    if (answer instanceof AuthError) throw answer
    return answer
  }
  const machine = authMachine.provide({
    actors: {
      restoreSession: fromPromise(async (): Promise<RestoreSessionOutput | null> => null),
      startAuth: fromPromise(async ({ input }) => ({
        loaded: { userId: null, device: options.device ?? null, expired: null, dropped: null },
        answer: await next('startAuth', input),
      })),
      respond: fromPromise(({ input }) => next('respond', input)),
      deviceAuth: fromPromise(({ input }) => next('deviceAuth', input)),
      verifyTotp: fromPromise(async ({ input }) => {
        const answer = await next('verifyTotp', input)
        return answer.kind === 'challenge' ? answer.session : null
      }),
      associateTotp: fromPromise(async (): Promise<{ secretCode: string; session: string | null; at: number }> => ({
        secretCode: 'JBSWY3DPEHPK3PXP',
        session: 's-assoc',
        at: Date.now(),
      })),
      confirmDevice: fromPromise(async ({ input }) => ({
        userConfirmationNecessary: options.necessary ?? true,
        device: { ...device, deviceKey: input.newDevice?.deviceKey ?? '', status: 'not_remembered' as const },
      })),
      setDeviceStatus: fromPromise(async ({ input }) => ({
        ...device,
        deviceKey: input.deviceKey,
        status: input.remember ? ('remembered' as const) : ('not_remembered' as const),
      })),
      // GetDevice after MFA on a presented key: `held` when Cognito still holds it remembered (a risky sign-in)
      deviceRemembered: fromPromise(async ({ input }) => {
        inputs.push({ actor: 'deviceRemembered', input })
        return options.held ?? false
      }),
      forgetExpiredDevice: fromPromise(async (): Promise<void> => undefined),
      signedInTask: fromPromise(async ({ input }): Promise<TaskResult> => (input.task?.kind === 'refreshing' ? { signedIn: session } : {})),
      signOut: fromPromise(async (): Promise<void> => undefined),
      clearSession: fromPromise(async (): Promise<void> => undefined),
    },
  })
  const seen: string[] = []
  const actor = createActor(machine, {
    input: {},
    inspect: (event: InspectionEvent) => seen.push(JSON.stringify(event, (_k, v) => (typeof v === 'bigint' ? String(v) : v))),
  })
  actor.subscribe((snapshot) => {
    seen.push(JSON.stringify(actor.getPersistedSnapshot()))
    const view = connect(snapshot)
    seen.push(JSON.stringify(view))
    if ('error' in view && view.error)
      seen.push(String(view.error.message), JSON.stringify(view.error.cause ?? null), String(view.error.stack))
  })
  actor.start()
  const settle = async (event?: AuthEvent): Promise<AuthViewState> => {
    if (event) actor.send(event)
    const snap = await waitFor(actor, (s) => {
      const v = connect(s)
      return v.step !== 'working' && !(v.step === 'signedIn' && v.busy)
    })
    return connect(snap)
  }
  return { actor, settle, inputs, seen }
}

const signIn: AuthEvent = { type: 'SIGN_IN', username: 'ana', password: conceal(PASSWORD) }

describe('authMachine with provided actors: the router', () => {
  it.each([
    ['SMS_MFA', { CODE_DELIVERY_DESTINATION: '+*******0123' }, { step: 'mfaCode', channel: 'SMS', destination: '+*******0123' }],
    ['SOFTWARE_TOKEN_MFA', {}, { step: 'mfaCode', channel: 'TOTP' }],
    ['EMAIL_OTP', { CODE_DELIVERY_DESTINATION: 'a***@e***' }, { step: 'mfaCode', channel: 'EMAIL' }],
    [
      'SELECT_MFA_TYPE',
      { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' },
      { step: 'selectMfa', options: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'] },
    ],
    ['MFA_SETUP', { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' }, { step: 'totpSetup', secret: 'JBSWY3DPEHPK3PXP' }],
    [
      'NEW_PASSWORD_REQUIRED',
      { requiredAttributes: '["userAttributes.name"]', userAttributes: '{"email":"a@e.x"}' },
      { step: 'newPassword', requiredAttributes: ['name'], userAttributes: { email: 'a@e.x' } },
    ],
    ['CUSTOM_CHALLENGE', { question: '6x7?' }, { step: 'customChallenge', parameters: { question: '6x7?' } }],
  ])('%s leads to its view', async (name, parameters, view) => {
    const { settle } = scripted([challenge(name, parameters)])
    await settle()
    expect(await settle(signIn)).toMatchObject(view)
  })

  it('an unknown challenge is a typed error, not a hang', async () => {
    const { settle } = scripted([challenge('FUTURE_CHALLENGE')])
    await settle()
    expect(await settle(signIn)).toMatchObject({ step: 'signedOut', username: 'ana', error: { code: 'UNKNOWN_CHALLENGE' } })
  })

  it('DEVICE_SRP_AUTH without a local device is a typed error; with one it runs device auth', async () => {
    const bare = scripted([challenge('DEVICE_SRP_AUTH')])
    await bare.settle()
    expect(await bare.settle(signIn)).toMatchObject({ step: 'signedOut', error: { code: 'UNKNOWN_CHALLENGE' } })
    const withDevice = scripted([challenge('DEVICE_SRP_AUTH'), tokens], { device })
    await withDevice.settle()
    expect(await withDevice.settle(signIn)).toMatchObject({ step: 'signedIn', device: { deviceKey: device.deviceKey } })
    expect(withDevice.inputs.map((i) => i.actor)).toEqual(['startAuth', 'deviceAuth'])
  })

  it('DEVICE_SRP_AUTH after an MFA answer goes through the same router', async () => {
    const { settle, inputs } = scripted([challenge('SOFTWARE_TOKEN_MFA'), challenge('DEVICE_SRP_AUTH'), tokens], { device })
    await settle()
    await settle(signIn)
    const view = await settle({ type: 'SUBMIT_CODE', code: '123456' })
    // Cognito challenged MFA although a remembered key was presented, and no longer holds it remembered: ask again.
    expect(view).toMatchObject({ step: 'rememberDevice', reason: 'reasked' })
    expect(inputs.map((i) => i.actor)).toEqual(['startAuth', 'respond', 'deviceAuth', 'deviceRemembered'])
    expect(inputs[3]!.input).toEqual({ userId: expect.any(String), deviceKey: device.deviceKey })
    expect(inputs[1]!.input).toMatchObject({
      challengeName: 'SOFTWARE_TOKEN_MFA',
      responses: { SOFTWARE_TOKEN_MFA_CODE: '123456' },
      deviceKey: device.deviceKey,
    })
  })

  it('MFA on a key Cognito still holds remembered (a risky sign-in) signs in without asking again', async () => {
    const { settle, inputs } = scripted([challenge('SOFTWARE_TOKEN_MFA'), challenge('DEVICE_SRP_AUTH'), tokens], { device, held: true })
    await settle()
    await settle(signIn)
    expect(await settle({ type: 'SUBMIT_CODE', code: '123456' })).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
    expect(inputs.map((i) => i.actor)).toEqual(['startAuth', 'respond', 'deviceAuth', 'deviceRemembered'])
  })

  it('new device: confirm, ask, remember', async () => {
    const { settle } = scripted([
      { ...tokens, newDevice: { deviceKey: 'us-east-1_0000aaaa-0000-0000-0000-000000000009', deviceGroupKey: 'g' } } as AuthAnswer,
    ])
    await settle()
    expect(await settle(signIn)).toMatchObject({ step: 'rememberDevice', reason: 'newDevice' })
    expect(await settle({ type: 'REMEMBER_DEVICE', remember: true })).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
  })

  it('a stale device at device auth drops it and says so; signing in again is a new device', async () => {
    const stale = new AuthError('STALE_DEVICE', 'Device does not exist.')
    const { settle } = scripted([challenge('DEVICE_SRP_AUTH'), stale], { device })
    await settle()
    expect(await settle(signIn)).toMatchObject({
      step: 'signedOut',
      notice: 'staleDevice',
      error: { code: 'STALE_DEVICE', retryable: false },
    })
  })

  it('invalid answers are refused before any call', async () => {
    const { settle, inputs } = scripted([challenge('SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: '["SMS_MFA"]' })])
    await settle()
    await settle(signIn)
    expect(await settle({ type: 'SELECT_MFA', mfaType: 'EMAIL_OTP' })).toMatchObject({
      step: 'selectMfa',
      options: ['SMS_MFA'],
      error: { code: 'INVALID_INPUT', retryable: false },
    })
    expect(inputs).toHaveLength(1)
  })

  it('CANCEL from a waiting step returns to signedOut', async () => {
    const { settle } = scripted([challenge('SMS_MFA')])
    await settle()
    await settle(signIn)
    expect(await settle({ type: 'CANCEL' })).toMatchObject({ step: 'signedOut', error: null })
  })

  it('an expired session while answering returns to signedOut with the error', async () => {
    const { settle } = scripted([
      challenge('SMS_MFA'),
      new AuthError('SESSION_EXPIRED', 'Invalid session for the user, session is expired.'),
    ])
    await settle()
    await settle(signIn)
    expect(await settle({ type: 'SUBMIT_CODE', code: '123456' })).toMatchObject({ step: 'signedOut', error: { code: 'SESSION_EXPIRED' } })
  })
})

describe('no password in any persisted snapshot, view, error or inspection event, along every path', () => {
  const paths: [string, (AuthAnswer | AuthError)[], AuthEvent[]][] = [
    ['SRP to tokens', [tokens], []],
    ['wrong password', [new AuthError('NOT_AUTHORIZED', 'NotAuthorizedException: Incorrect username or password.')], []],
    ['MFA code', [challenge('SOFTWARE_TOKEN_MFA'), tokens], [{ type: 'SUBMIT_CODE', code: '123456' }]],
    [
      'select MFA',
      [challenge('SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: '["SMS_MFA"]' }), challenge('SMS_MFA'), tokens],
      [
        { type: 'SELECT_MFA', mfaType: 'SMS_MFA' },
        { type: 'SUBMIT_CODE', code: '123456' },
      ],
    ],
    ['TOTP setup', [challenge('MFA_SETUP'), tokens], [{ type: 'SUBMIT_CODE', code: '123456' }]],
    [
      'new password',
      [challenge('NEW_PASSWORD_REQUIRED', { requiredAttributes: '[]' }), tokens],
      [{ type: 'SUBMIT_NEW_PASSWORD', password: conceal(NEW_PASSWORD) }],
    ],
    [
      'new password refused',
      [
        challenge('NEW_PASSWORD_REQUIRED', { requiredAttributes: '[]' }),
        new AuthError('INVALID_PASSWORD', 'InvalidPasswordException: too short'),
      ],
      [{ type: 'SUBMIT_NEW_PASSWORD', password: conceal(NEW_PASSWORD) }],
    ],
    ['custom', [challenge('CUSTOM_CHALLENGE'), tokens], [{ type: 'ANSWER', answer: '42' }]],
    ['device', [challenge('DEVICE_SRP_AUTH'), tokens], []],
    [
      'new device remembered',
      [{ ...tokens, newDevice: { deviceKey: 'us-east-1_0000aaaa-0000-0000-0000-000000000009', deviceGroupKey: 'g' } } as AuthAnswer],
      [{ type: 'REMEMBER_DEVICE', remember: true }, { type: 'SIGN_OUT' }],
    ],
  ]
  it.each(paths)('%s', async (_name, answers, events) => {
    const run = scripted(answers, { device })
    await run.settle()
    await run.settle(signIn)
    for (const event of events) await run.settle(event)
    const all = run.seen.join('\n')
    expect(run.seen.length).toBeGreaterThan(5)
    expect(all).not.toContain(PASSWORD)
    expect(all).not.toContain(NEW_PASSWORD)
    expect(all).toContain('[concealed]')
  })
})

describe('clock rules', () => {
  it('refresh is due 5 minutes before expiry, or half-way for short lifetimes, never for fresh tokens', async () => {
    let now = 0
    const rules = clockRules(() => now)
    const context = (issuedAt: number, expiresAt: number) =>
      ({ context: { signedIn: { username: 'a', userId: 'a', issuedAt, expiresAt, deviceKey: null }, device: null } }) as never
    const hour = context(0, 3_600_000)
    now = 3_300_000 - 1
    expect(rules.guards.refreshDue(hour)).toBe(false)
    now = 3_300_000
    expect(rules.guards.refreshDue(hour)).toBe(true)
    const fiveMinutes = context(0, 300_000)
    now = 149_999
    expect(rules.guards.refreshDue(fiveMinutes)).toBe(false)
    now = 150_000
    expect(rules.guards.refreshDue(fiveMinutes)).toBe(true)
    const instant = context(0, 0)
    now = 999
    expect(rules.guards.refreshDue(instant)).toBe(false)
    expect(rules.delays.nextCheck(instant)).toBe(1000)
  })
})
