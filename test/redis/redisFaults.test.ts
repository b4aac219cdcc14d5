import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isStorageError, redisStorage, type StorageError } from '../../adapters/storage/redis'
import { connect, startRedis, type RedisServer } from './redisServer'

const record = (deviceKey: string, status: string) =>
  JSON.stringify({
    version: 1,
    userId: 'user-1',
    deviceKey,
    deviceGroupKey: 'g',
    devicePassword: 's',
    status,
    confirmedAt: 1,
    trustedUntil: null,
  })

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function setup(): Promise<{ server: RedisServer; redis: Awaited<ReturnType<typeof connect>> }> {
  const server = await startRedis()
  cleanups.push(() => server.stop())
  const redis = await connect(server.url)
  cleanups.push(() => redis.destroy())
  return { server, redis }
}

describe('redisStorage when Redis goes away', () => {
  it('a frozen Redis mid-update gives a typed error, and both the record being updated and the others survive', async () => {
    const { server, redis } = await setup()
    const storage = redisStorage({ client: redis, prefix: 'app:', commandTimeoutMs: 1_000, lock: { leaseMs: 1_000 } })
    await storage.setItem('device.user-1', record('dk-1', 'remembered'))
    await storage.setItem('device.user-2', record('dk-2', 'remembered'))

    const update = storage.withLock('device', async () => {
      const current = await storage.getItem('device.user-1')
      server.pause() // Redis stops answering between the read and the write
      await storage.setItem('device.user-1', current!.replace('"remembered"', '"not_remembered"'))
    })
    const error = (await update.catch((e: unknown) => e)) as StorageError
    server.resume()

    expect(isStorageError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'STORAGE_ERROR', reason: 'unavailable', operation: 'setItem', key: 'device.user-1' })
    // The record is whole: the old one or the new one, never a half or nothing.
    expect([record('dk-1', 'remembered'), record('dk-1', 'not_remembered')]).toContain(await storage.getItem('device.user-1'))
    expect(await storage.getItem('device.user-2')).toBe(record('dk-2', 'remembered'))
    // The lock of the failed update frees itself, and the next update lands.
    await storage.withLock('device', () => storage.setItem('device.user-1', record('dk-1', 'not_remembered')))
    expect(await storage.getItem('device.user-1')).toBe(record('dk-1', 'not_remembered'))
  })

  it('the connection killed while a write waits for its reply gives a typed error, and nothing is lost', async () => {
    const { server, redis } = await setup()
    const admin = await connect(server.url)
    cleanups.push(() => admin.destroy())
    const storage = redisStorage({ client: redis, prefix: 'app:', commandTimeoutMs: 5_000, lock: { leaseMs: 500 } })
    await storage.setItem('device.user-1', record('dk-1', 'remembered'))
    await storage.setItem('device.user-2', record('dk-2', 'remembered'))

    const update = storage.withLock('device', async () => {
      await storage.getItem('device.user-1')
      // Writes are held back, so the SET waits at the server for its reply; then its connection is cut.
      await admin.sendCommand(['CLIENT', 'PAUSE', '10000', 'WRITE'])
      const write = storage.setItem('device.user-1', record('dk-1', 'not_remembered'))
      write.catch(() => undefined) // awaited below, once the connection is cut
      while (!String(await admin.sendCommand(['CLIENT', 'LIST'])).includes('cmd=set')) await sleep(5)
      await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'])
      await admin.sendCommand(['CLIENT', 'UNPAUSE'])
      await write
    })
    const error = await update.then(
      () => 'no error',
      (e: unknown) => e,
    )
    expect(isStorageError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'STORAGE_ERROR', reason: 'unavailable', operation: 'setItem', key: 'device.user-1' })
    // node-redis reconnects by itself; the cut write was never carried out, and the other record is untouched.
    expect(await storage.getItem('device.user-1')).toBe(record('dk-1', 'remembered'))
    expect(await storage.getItem('device.user-2')).toBe(record('dk-2', 'remembered'))
  })

  it('a stopped Redis gives a typed error at once instead of a hang, and the adapter works again once it is back', async () => {
    const { server, redis } = await setup()
    const storage = redisStorage({ client: redis, prefix: 'app:', commandTimeoutMs: 500 })
    await server.stop()
    for (const op of [() => storage.getItem('k'), () => storage.setItem('k', 'v'), () => storage.removeItem('k')]) {
      const error = await op().then(
        () => 'no error',
        (e: unknown) => e,
      )
      expect(isStorageError(error)).toBe(true)
      expect(error).toMatchObject({ reason: 'unavailable' })
    }
    const lockError = await storage.withLock('device', async () => 'ran').catch((e: unknown) => e)
    expect(lockError).toMatchObject({ code: 'STORAGE_ERROR', reason: 'unavailable' })

    await server.restart()
    await vi.waitFor(() => expect(redis.isReady).toBe(true), { timeout: 10_000 })
    await storage.setItem('k', 'back')
    expect(await storage.getItem('k')).toBe('back')
    expect(await storage.withLock('device', async () => 'ran')).toBe('ran')
  })
})
