// Redis goes away in the middle of a sign-in of the real client (over HTTP, against the local server):
// the client shows a typed STORAGE_ERROR instead of hanging or half-writing, and once Redis is back the
// device record is intact: the remembered device still skips MFA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisStorage } from '../../adapters/storage/redis'
import { startHarness, type Harness } from '../e2e/harness'
import { connect, startRedis, type RedisServer } from './redisServer'

const PASSWORD = 'correct horse 1'
let h: Harness
let server: RedisServer
let redis: Awaited<ReturnType<typeof connect>>

beforeAll(async () => {
  ;[h, server] = await Promise.all([startHarness(), startRedis()])
  redis = await connect(server.url)
})

afterAll(async () => {
  server?.resume()
  redis?.destroy()
  await server?.stop()
  await h?.close()
})

describe('the client over redisStorage when Redis goes away mid-sign-in', () => {
  it('gives STORAGE_ERROR at the remember step, retries once Redis is back, and the device then skips MFA', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'opt-in' })
    await h.user(pool, 'ana', PASSWORD)
    const secret = await h.enrolTotp(pool, 'ana', PASSWORD)
    const storage = redisStorage({ client: redis, prefix: 'fault-1:', commandTimeoutMs: 1_000, lock: { leaseMs: 1_000 } })
    const client = h.client(pool, 'fetch', { storage })

    let view = await client.signIn({ username: 'ana', password: PASSWORD })
    view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('rememberDevice')

    server.pause()
    view = await client.rememberDevice(true)
    server.resume()
    // the answer failed in the remember step: the step shows the error, and the user answers again
    expect(view).toMatchObject({ step: 'rememberDevice', error: { code: 'STORAGE_ERROR' } })

    view = await client.rememberDevice(true)
    expect(view.step).toBe('signedIn')
    if (view.step !== 'signedIn') return
    expect(view.device?.status).toBe('remembered')
    await client.signOut()

    view = await client.signIn({ username: 'ana', password: PASSWORD })
    expect(view.step).toBe('signedIn') // device SRP, no MFA: the record survived
  })

  it('gives STORAGE_ERROR when the device record cannot be read, and the record is intact once Redis is back', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'opt-in' })
    await h.user(pool, 'ben', PASSWORD)
    const secret = await h.enrolTotp(pool, 'ben', PASSWORD)
    const storage = redisStorage({ client: redis, prefix: 'fault-2:', commandTimeoutMs: 1_000, lock: { leaseMs: 1_000 } })
    const client = h.client(pool, 'fetch', { storage })
    await client.signIn({ username: 'ben', password: PASSWORD })
    await client.submitCode(h.code(secret))
    let view = await client.rememberDevice(true)
    expect(view.step).toBe('signedIn')
    await client.signOut()
    const before = await redis.keys('fault-2:*device*')
    expect(before.length).toBeGreaterThan(0)
    const records = await Promise.all(before.map((k) => redis.get(k)))

    server.pause()
    view = await client.signIn({ username: 'ben', password: PASSWORD })
    server.resume()
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'STORAGE_ERROR' } })

    expect(await Promise.all(before.map((k) => redis.get(k)))).toEqual(records)
    view = await client.signIn({ username: 'ben', password: PASSWORD })
    expect(view.step).toBe('signedIn')
  })
})
