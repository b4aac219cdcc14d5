import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, TRANSPORTS, ops, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h.close())

describe.each(TRANSPORTS)('SRP sign-in (%s)', (kind) => {
  it('signs in with SRP, no MFA, no device tracking', async () => {
    const pool = await h.pool()
    await h.user(pool, 'ana', 'correct horse 1')
    const client = h.client(pool, kind)
    const view = await client.signIn({ username: 'ana', password: 'correct horse 1' })
    expect(view.step).toBe('signedIn')
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge'])
  })
})
