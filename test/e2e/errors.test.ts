import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, TRANSPORTS, ops, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h.close())

const PASSWORD = 'correct horse 1'

async function totpUser(kind: (typeof TRANSPORTS)[number]) {
  const pool = await h.pool({ mfa: 'ON' })
  const username = `e${Math.random().toString(36).slice(2, 8)}`
  await h.user(pool, username, PASSWORD)
  const secret = await h.enrolTotp(pool, username, PASSWORD)
  return { pool, username, secret, client: h.client(pool, kind) }
}

describe.each(TRANSPORTS)('errors (%s)', (kind) => {
  it('input is validated before any call', async () => {
    const pool = await h.pool()
    const client = h.client(pool, kind)
    let view = await client.signIn({ username: '  ', password: PASSWORD })
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'INVALID_INPUT' } })
    view = await client.signIn({ username: 'someone', password: '' })
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'INVALID_INPUT' } })
    expect(client.calls).toEqual([])
  })

  it('a wrong password ends in a typed error; signing in again works', async () => {
    const pool = await h.pool()
    await h.user(pool, 'wp', PASSWORD)
    const client = h.client(pool, kind)
    let view = await client.signIn({ username: 'wp', password: 'wrong password' })
    expect(view.step).toBe('signedOut')
    if (view.step !== 'signedOut' || !view.error) throw new Error('no error')
    expect(view.error.code).toBe('NOT_AUTHORIZED')
    expect(view.error.message).toBe('Incorrect username or password.')
    expect(view.error.cause).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' })
    expect(view.error.retryable).toBe(false)
    expect(view.username).toBe('wp')
    await expect(client.retry()).rejects.toMatchObject({ code: 'INVALID_STATE' })
    view = await client.signIn({ username: 'wp', password: PASSWORD })
    expect(view.step).toBe('signedIn')
  })

  it('a wrong code shows its error in the mfaCode step, and the right code retyped there signs in', async () => {
    const { username, secret, client } = await totpUser(kind)
    let view = await client.signIn({ username, password: PASSWORD })
    expect(view).toMatchObject({ step: 'mfaCode', error: null })
    const right = h.code(secret)
    view = await client.submitCode(right === '000000' ? '111111' : '000000')
    expect(view).toMatchObject({ step: 'mfaCode', error: { code: 'CODE_MISMATCH', retryable: false } })
    if (view.step !== 'mfaCode') return
    expect(view.error?.message).toBe('That code is not right. Check it and try again.')
    view = await view.submitCode(right) // the view's own command: the same vocabulary as the client's
    expect(view).toMatchObject({ step: 'signedIn', error: null })
  })

  it('after the wrong answers Cognito allows, the next answer (even the right one) ends in TOO_MANY_ATTEMPTS', async () => {
    const { username, secret, client } = await totpUser(kind)
    let view = await client.signIn({ username, password: PASSWORD })
    const right = h.code(secret)
    const wrong = right === '000000' ? '111111' : '000000'
    for (let i = 0; i < 3; i++) {
      view = await client.submitCode(wrong)
      expect(view).toMatchObject({ step: 'mfaCode', error: { code: 'CODE_MISMATCH' } })
    }
    view = await client.submitCode(right)
    expect(view).toMatchObject({ step: 'signedOut', username, error: { code: 'TOO_MANY_ATTEMPTS', retryable: false } })
    if (view.step !== 'signedOut') return
    expect(view.error?.message).toMatch(/too many wrong answers.*sign in again/i)
    expect((await client.signIn({ username, password: PASSWORD })).step).toBe('mfaCode')
  })

  it('a wrong first TOTP code during enrolment can be retried', async () => {
    const pool = await h.pool({ mfa: 'ON' })
    await h.user(pool, 'enr', PASSWORD)
    const client = h.client(pool, kind)
    let view = await client.signIn({ username: 'enr', password: PASSWORD })
    if (view.step !== 'totpSetup') throw new Error(view.step)
    const secret = view.secret
    const right = h.code(secret)
    view = await client.confirmTotpSetup(right === '000000' ? '111111' : '000000')
    expect(view).toMatchObject({ step: 'totpSetup', secret })
    if (view.step !== 'totpSetup') return
    expect(['ENABLE_SOFTWARE_TOKEN_MFA', 'CODE_MISMATCH']).toContain(view.error?.code)
    view = await client.confirmTotpSetup(right)
    expect(view.step).toBe('signedIn')
    // the secret is gone once VerifySoftwareToken succeeded
    expect(JSON.stringify(client.getPersistedSnapshot())).not.toContain(secret)
  })

  it('an expired auth session returns to signedOut with its error', async () => {
    const { username, secret, client } = await totpUser(kind)
    await client.signIn({ username, password: PASSWORD })
    h.cognito.clock.advance(4 * 60_000)
    const view = await client.submitCode(h.code(secret))
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'SESSION_EXPIRED' } })
  })

  it('an expired refresh token returns to signedOut with its error and clears the tokens', async () => {
    const pool = await h.pool()
    await h.user(pool, 'exp', PASSWORD)
    const client = h.client(pool, kind)
    expect((await client.signIn({ username: 'exp', password: PASSWORD })).step).toBe('signedIn')
    h.cognito.clock.advance(31 * 86_400_000)
    expect(await client.getTokens()).toBeNull()
    expect(client.getView()).toMatchObject({ step: 'signedOut', error: { code: 'NOT_AUTHORIZED' } })
    expect(ops(client.calls).at(-1)).toBe('InitiateAuth')
  })

  it('throttling is retried with backoff (injected sleep) and succeeds', async () => {
    const pool = await h.pool()
    await h.user(pool, 'thr', PASSWORD)
    const client = h.client(pool, kind)
    h.cognito.faults.inject({ operation: 'InitiateAuth', error: 'TooManyRequestsException', times: 2 })
    const view = await client.signIn({ username: 'thr', password: PASSWORD })
    expect(view.step).toBe('signedIn')
    expect(client.sleeps).toHaveLength(2)
    // exponential backoff with jitter: 100 ms then 200 ms, each scaled by 0.5-1
    expect(client.sleeps[0]).toBeGreaterThanOrEqual(50)
    expect(client.sleeps[0]).toBeLessThanOrEqual(100)
    expect(client.sleeps[1]).toBeGreaterThanOrEqual(100)
    expect(client.sleeps[1]).toBeLessThanOrEqual(200)
  })

  it('a 5xx and a dropped connection are retried', async () => {
    const pool = await h.pool()
    await h.user(pool, 'fxx', PASSWORD)
    const client = h.client(pool, kind)
    h.cognito.faults.inject({ operation: 'InitiateAuth', status: 503 })
    h.cognito.faults.inject({ operation: 'InitiateAuth', drop: true })
    const view = await client.signIn({ username: 'fxx', password: PASSWORD })
    expect(view.step).toBe('signedIn')
    expect(client.sleeps).toHaveLength(2)
  })

  it('retries are bounded: persistent throttling ends in a retryable typed error', async () => {
    const pool = await h.pool()
    await h.user(pool, 'per', PASSWORD)
    const client = h.client(pool, kind)
    h.cognito.faults.inject({ operation: 'InitiateAuth', error: 'TooManyRequestsException', times: 5 })
    try {
      const view = await client.signIn({ username: 'per', password: PASSWORD })
      expect(view).toMatchObject({ step: 'signedOut', error: { code: 'TOO_MANY_REQUESTS', retryable: true } })
      expect(client.sleeps).toHaveLength(2)
    } finally {
      h.cognito.faults.clear() // the unused throttles must not reach the next test
    }
  })

  it('a task that fails while signed in shows its error in the signedIn view; retry() runs it again when retryable', async () => {
    const pool = await h.pool({ devices: 'always' })
    await h.user(pool, 'lst', PASSWORD)
    const client = h.client(pool, kind)
    await client.signIn({ username: 'lst', password: PASSWORD })
    h.cognito.faults.inject({ operation: 'ListDevices', error: { type: 'InvalidParameterException', message: 'nope' } })
    let view = await client.listDevices()
    expect(view).toMatchObject({ step: 'signedIn', devices: null, error: { code: 'INVALID_PARAMETER', retryable: false } })
    await expect(client.retry()).rejects.toMatchObject({ code: 'INVALID_STATE' })
    await expect(client.cancel()).rejects.toMatchObject({ code: 'INVALID_STATE' })
    view = await client.listDevices()
    expect(view).toMatchObject({ step: 'signedIn', error: null })
    if (view.step === 'signedIn') expect(view.devices).toHaveLength(1)
    h.cognito.faults.inject({ operation: 'ListDevices', status: 503, times: 3 })
    view = await client.listDevices()
    expect(view).toMatchObject({ step: 'signedIn', error: { code: 'INTERNAL_ERROR', retryable: true } })
    view = await client.retry()
    expect(view).toMatchObject({ step: 'signedIn', error: null })
    if (view.step === 'signedIn') expect(view.devices).toHaveLength(1)
  })

  it('a failed ConfirmDevice can be retried; the device is confirmed once', async () => {
    const pool = await h.pool({ devices: 'opt-in' })
    await h.user(pool, 'cfd', PASSWORD)
    const client = h.client(pool, kind)
    h.cognito.faults.inject({ operation: 'ConfirmDevice', status: 500, times: 3 })
    let view = await client.signIn({ username: 'cfd', password: PASSWORD })
    expect(view).toMatchObject({ step: 'failed', doing: 'confirmingDevice', error: { code: 'INTERNAL_ERROR', retryable: true } })
    view = await client.retry()
    expect(view.step).toBe('rememberDevice')
    view = await client.rememberDevice(true)
    expect(view).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'ConfirmDevice', 'ConfirmDevice', 'UpdateDeviceStatus'])
  })

  it('cancel from a waiting step goes back to signedOut and removes nothing else', async () => {
    const { username, client } = await totpUser(kind)
    let view = await client.signIn({ username, password: PASSWORD })
    expect(view.step).toBe('mfaCode')
    view = await client.cancel()
    expect(view).toMatchObject({ step: 'signedOut', error: null })
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge'])
  })
})
