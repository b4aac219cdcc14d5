import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isStorageError, redisStorage, type RedisAuthStorage } from '../../adapters/storage/redis'
import { describeStorageContract, expectIndependentLockNames } from '../adapters/storageContract'
import { connect, startRedis, type RedisServer } from './redisServer'

let server: RedisServer
let redis: Awaited<ReturnType<typeof connect>>

beforeAll(async () => {
  server = await startRedis()
  redis = await connect(server.url)
})

afterAll(async () => {
  redis?.destroy()
  await server?.stop()
})

/** A storage on the shared server under a prefix no other test uses. */
const fresh = (extra: Partial<Parameters<typeof redisStorage>[0]> = {}): RedisAuthStorage =>
  redisStorage({ client: redis, prefix: `t-${randomUUID()}:`, ...extra })

describeStorageContract('redisStorage', () => fresh())

describe('redisStorage', () => {
  it('keeps locks of different names independent', async () => {
    await expectIndependentLockNames(fresh())
  })

  it('puts the prefix before every key, so two prefixes on one Redis never see each other', async () => {
    const a = redisStorage({ client: redis, prefix: 'app-a:' })
    const b = redisStorage({ client: redis, prefix: 'app-b:' })
    await a.setItem('device', 'A')
    await b.setItem('device', 'B')
    expect(await redis.get('app-a:device')).toBe('A')
    expect(await redis.get('app-b:device')).toBe('B')
    await b.removeItem('device')
    expect(await a.getItem('device')).toBe('A')
    expect(await redis.exists('app-b:device')).toBe(0)
  })

  it('uses cognito-auth-machine: as the default prefix', async () => {
    const storage = redisStorage({ client: redis })
    expect(storage.prefix).toBe('cognito-auth-machine:')
    await storage.setItem('default-prefix-probe', 'x')
    expect(await redis.get('cognito-auth-machine:default-prefix-probe')).toBe('x')
    await storage.removeItem('default-prefix-probe')
  })

  it('gives keys the TTL the ttl option names, and none to the others', async () => {
    const storage = fresh({ ttl: (key) => (key.startsWith('flight:') ? 900 : undefined) })
    await storage.setItem('flight:abc', 'snapshot')
    await storage.setItem('device.user-1', 'record')
    const flightTtl = await redis.ttl(`${storage.prefix}flight:abc`)
    expect(flightTtl).toBeGreaterThan(800)
    expect(flightTtl).toBeLessThanOrEqual(900)
    expect(await redis.ttl(`${storage.prefix}device.user-1`)).toBe(-1)
  })

  it('clears an old TTL when a key is rewritten without one', async () => {
    let short = true
    const storage = fresh({ ttl: () => (short ? 60 : undefined) })
    await storage.setItem('k', 'v1')
    expect(await redis.ttl(`${storage.prefix}k`)).toBeGreaterThan(0)
    short = false
    await storage.setItem('k', 'v2')
    expect(await redis.ttl(`${storage.prefix}k`)).toBe(-1)
  })

  it('rejects with a StorageError (failed) when Redis answers with an error', async () => {
    const storage = fresh()
    await redis.lPush(`${storage.prefix}not-a-string`, 'x')
    const error = await storage.getItem('not-a-string').catch((e: unknown) => e)
    expect(isStorageError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'STORAGE_ERROR', reason: 'failed', operation: 'getItem', key: 'not-a-string' })
    expect(String((error as Error).cause)).toContain('WRONGTYPE')
  })

  it('rejects with a StorageError (quota) when Redis is out of memory', async () => {
    const storage = fresh()
    await redis.configSet('maxmemory', '1')
    try {
      const error = await storage.setItem('big', 'x'.repeat(1000)).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'STORAGE_ERROR', reason: 'quota', operation: 'setItem', key: 'big' })
    } finally {
      await redis.configSet('maxmemory', '0')
    }
  })

  it('releases its lock key after the task, and leaves no key behind', async () => {
    const storage = fresh()
    expect(await storage.withLock('device', async () => redis.exists(`${storage.prefix}lock:device`))).toBe(1)
    expect(await redis.exists(`${storage.prefix}lock:device`)).toBe(0)
  })
})
