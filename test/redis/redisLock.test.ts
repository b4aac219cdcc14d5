import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { isStorageError, redisStorage, RedisLockTimeoutError, type RedisAuthStorage } from '../../adapters/storage/redis'
import { connect, startRedis, type RedisServer } from './redisServer'

let server: RedisServer
const clients: Array<Awaited<ReturnType<typeof connect>>> = []

beforeAll(async () => {
  server = await startRedis()
  for (let i = 0; i < 3; i++) clients.push(await connect(server.url))
})

afterAll(async () => {
  for (const client of clients) client.destroy()
  await server?.stop()
})

/**
 * One read-modify-write of a device-record map: read, yield to the event loop (as a real request
 * does while it talks to Cognito), write the map back with one more device.
 */
async function addDevice(storage: RedisAuthStorage, deviceKey: string): Promise<void> {
  const map = JSON.parse((await storage.getItem('devices')) ?? '{}') as Record<string, number>
  await sleep(1)
  map[deviceKey] = Date.now()
  await storage.setItem('devices', JSON.stringify(map))
}

/** Two "processes" (separate connections, separate adapter instances) each adding `perProcess` devices at once. */
async function race(prefix: string, perProcess: number, locked: boolean): Promise<number> {
  const processes = clients.slice(0, 2).map((client) => redisStorage({ client, prefix }))
  await Promise.all(
    processes.flatMap((storage, p) =>
      Array.from({ length: perProcess }, (_, i) => {
        const update = () => addDevice(storage, `p${p}-d${i}`)
        return locked ? storage.withLock('device', update) : update()
      }),
    ),
  )
  return Object.keys(JSON.parse((await processes[0]!.getItem('devices')) ?? '{}') as object).length
}

describe('redisStorage withLock across processes', () => {
  it('loses no device record when two processes race on one record', async () => {
    expect(await race(`lock-${randomUUID()}:`, 20, true)).toBe(40)
  })

  it('(control) the same race without the lock does lose records, so the test above can fail', async () => {
    expect(await race(`nolock-${randomUUID()}:`, 20, false)).toBeLessThan(40)
  })

  it('gives up with a RedisLockTimeoutError (a StorageError) when another holder keeps the lock', async () => {
    const prefix = `held-${randomUUID()}:`
    await clients[2]!.set(`${prefix}lock:device`, 'someone-else', { expiration: { type: 'PX', value: 60_000 } })
    const storage = redisStorage({ client: clients[0]!, prefix, lock: { waitMs: 50 } })
    let ran = false
    const error = await storage.withLock('device', async () => (ran = true)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RedisLockTimeoutError)
    expect(isStorageError(error)).toBe(true)
    expect(error).toMatchObject({ reason: 'unavailable', lock: 'device', key: `${prefix}lock:device` })
    expect(ran).toBe(false)
    expect(await clients[2]!.get(`${prefix}lock:device`)).toBe('someone-else')
  })

  it('never deletes a lock that another holder took after its own lease lapsed', async () => {
    const prefix = `lapse-${randomUUID()}:`
    const storage = redisStorage({ client: clients[0]!, prefix })
    const lockKey = `${prefix}lock:device`
    await storage.withLock('device', async () => {
      // The lease lapses and someone else takes the lock while the task still runs.
      await clients[2]!.set(lockKey, 'next-holder')
    })
    expect(await clients[2]!.get(lockKey)).toBe('next-holder')
  })

  it('renews the lease while a task runs longer than it', async () => {
    // The renewal timer is faked, so no test time passes: each step cuts the lock's TTL in Redis to a third of
    // the lease, as if two thirds had run out, then moves the timer one renewal period on. The renewal goes out
    // on clients[0] as it fires, so a PTTL sent after it on the same connection sees its effect.
    const leaseMs = 60_000
    const prefix = `renew-${randomUUID()}:`
    const storage = redisStorage({ client: clients[0]!, prefix, lock: { leaseMs } })
    const lockKey = `${prefix}lock:device`
    const ttls: number[] = []
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      await storage.withLock('device', async () => {
        // three leases' worth of renewal periods: held only if renewed each time
        for (let step = 0; step < 9; step++) {
          expect(await clients[0]!.pExpire(lockKey, leaseMs / 3)).toBe(1)
          vi.advanceTimersByTime(leaseMs / 3)
          ttls.push(await clients[0]!.pTTL(lockKey))
        }
      })
    } finally {
      vi.useRealTimers()
    }
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(leaseMs / 3)
    expect(await clients[2]!.exists(lockKey)).toBe(0)
  })

  it('takes a lock left behind by a crashed holder once its lease has run out', async () => {
    const prefix = `crashed-${randomUUID()}:`
    await clients[2]!.set(`${prefix}lock:device`, 'crashed-holder', { expiration: { type: 'PX', value: 100 } })
    const storage = redisStorage({ client: clients[0]!, prefix, lock: { waitMs: 10_000 } })
    expect(await storage.withLock('device', async () => 'ran')).toBe('ran')
  })
})
