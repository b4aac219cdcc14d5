// The misuses a naive UI made of the 0.1.0 client, against the local server with both transports: each
// is now a typed rejection that changes nothing and never hands out another user's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryStorage } from '../../src/index'
import { ops, startHarness, TRANSPORTS, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h.close())

const PASSWORD = 'Misuse-Pa55word!'
const idTokenUser = (token: string | undefined) =>
  (JSON.parse(Buffer.from(String(token?.split('.')[1]), 'base64url').toString()) as Record<string, unknown>)['cognito:username']

describe.each(TRANSPORTS)('misuse (%s)', (kind) => {
  it('signIn as carol while bob is signed in rejects (ALREADY_SIGNED_IN), and the view stays bob’s', async () => {
    const pool = await h.pool()
    await h.user(pool, 'bob', PASSWORD)
    await h.user(pool, 'carol', PASSWORD)
    const client = h.client(pool, kind)
    expect(await client.signIn({ username: 'bob', password: PASSWORD })).toMatchObject({ step: 'signedIn', username: 'bob' })
    const calls = client.calls.length
    await expect(client.signIn({ username: 'carol', password: PASSWORD })).rejects.toMatchObject({ code: 'ALREADY_SIGNED_IN' })
    expect(client.getView()).toMatchObject({ step: 'signedIn', username: 'bob' })
    expect(client.calls).toHaveLength(calls)
  })

  it('two signIns at once for different users: the second rejects, the first resolves with its own view', async () => {
    const pool = await h.pool({ mfa: 'ON' })
    await h.user(pool, 'dan', PASSWORD)
    await h.user(pool, 'erin', PASSWORD)
    const client = h.client(pool, kind)
    const first = client.signIn({ username: 'dan', password: PASSWORD })
    const second = client.signIn({ username: 'erin', password: PASSWORD })
    await expect(second).rejects.toMatchObject({ code: 'INVALID_STATE' })
    const view = await first
    expect(view.step).toBe('totpSetup') // dan's enrolment: dan's secret, for dan's authenticator
    if (view.step === 'totpSetup') expect(view.otpauthUri).toContain('AWSCognito:dan')
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'AssociateSoftwareToken'])
  })

  it('submitCode while signed out, and retry where nothing failed, reject (INVALID_STATE) and call nothing', async () => {
    const pool = await h.pool()
    const client = h.client(pool, kind)
    await expect(client.submitCode('123456')).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/submitCode.*signedOut/),
    })
    await expect(client.retry()).rejects.toMatchObject({ code: 'INVALID_STATE' })
    await expect(client.rememberDevice(true)).rejects.toMatchObject({ code: 'INVALID_STATE' })
    expect(client.getView()).toMatchObject({ step: 'signedOut', error: null })
    expect(client.calls).toEqual([])
  })

  it('two clients on one storage: after the other signs in as another user, this one neither returns nor revokes that user’s session', async () => {
    const pool = await h.pool()
    await h.user(pool, 'alice', PASSWORD)
    await h.user(pool, 'bob2', PASSWORD)
    const storage = memoryStorage()
    const a = h.client(pool, kind, { storage })
    const b = h.client(pool, kind, { storage })
    expect(await a.signIn({ username: 'alice', password: PASSWORD })).toMatchObject({ step: 'signedIn', username: 'alice' })
    b.start()
    expect((await b.signOut()).step).toBe('signedOut') // B showed alice (one user per storage), and signs her out
    expect(await b.signIn({ username: 'bob2', password: PASSWORD })).toMatchObject({ step: 'signedIn', username: 'bob2' })
    // A still shows alice until it reads: then nothing of Bob's, and signedOut
    expect(await a.getTokens()).toBeNull()
    expect(a.getView()).toMatchObject({ step: 'signedOut', error: { code: 'NOT_SIGNED_IN' } })
    const before = a.calls.length
    await expect(a.signOut()).rejects.toMatchObject({ code: 'INVALID_STATE' })
    expect(a.calls).toHaveLength(before)
    // Bob's session is whole: his tokens, and Cognito still takes them
    const tokens = await b.getTokens()
    expect(idTokenUser(tokens?.idToken)).toBe('bob2')
    expect((await b.listDevices()).step).toBe('signedIn')
  })
})
