import { describe, expect, it } from 'vitest'
import type { AuthStorage } from '../../src/storage/AuthStorage'

/** Values an adapter must give back exactly as stored: the client, not the adapter, judges them. */
export const faithfulValues: Record<string, string> = {
  json: JSON.stringify({ deviceKey: 'eu-west-1_1a2b', devicePassword: 'p/+=', trustedUntil: 1_790_000_000_000 }),
  empty: '',
  corruptJson: '{"deviceKey": "eu-west-1_1a2b", "devicePass',
  olderShape: JSON.stringify({ key: 'x', secret: 'y' }),
  unicode: 'ünïcødé ✓ 🔐 \n\t "quoted" \\ null',
  long: 'x'.repeat(64 * 1024),
}

/** Resolves once pending promise callbacks and I/O callbacks have run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * What the adapters promise beyond the contract: locks of different names are independent (so a nested
 * lock of another name cannot deadlock). memoryStorage, whose queue per name the adapters reuse, is held
 * to it too.
 *
 * @param storage - a fresh storage
 */
export async function expectIndependentLockNames(storage: AuthStorage): Promise<void> {
  let release!: () => void
  const held = storage.withLock!('device', () => new Promise<string>((resolve) => (release = () => resolve('held'))))
  expect(await storage.withLock!('tokens', async () => 'other')).toBe('other')
  release()
  expect(await held).toBe('held')
}

/**
 * The AuthStorage contract, run over every implementation.
 *
 * @param name - shown in the test names
 * @param make - a fresh, empty storage per call
 */
export function describeStorageContract(name: string, make: () => AuthStorage | Promise<AuthStorage>): void {
  describe(`AuthStorage contract: ${name}`, () => {
    it('reads null for a key never written', async () => {
      const storage = await make()
      expect(await storage.getItem('never-written')).toBeNull()
    })

    it.each(Object.entries(faithfulValues))('gives back a %s value exactly as stored', async (_kind, value) => {
      const storage = await make()
      await storage.setItem('device', value)
      const read = await storage.getItem('device')
      expect(read).toBe(value)
    })

    it('replaces a value on a second write and keeps other keys apart', async () => {
      const storage = await make()
      await storage.setItem('a', 'first')
      await storage.setItem('b', 'other')
      await storage.setItem('a', 'second')
      expect(await storage.getItem('a')).toBe('second')
      expect(await storage.getItem('b')).toBe('other')
    })

    it('removes a key, and removing a missing key is not an error', async () => {
      const storage = await make()
      await storage.setItem('a', 'value')
      await storage.removeItem('a')
      expect(await storage.getItem('a')).toBeNull()
      await expect(Promise.resolve(storage.removeItem('a'))).resolves.toBeUndefined()
    })

    it('withLock runs tasks of one name one after the other and returns their results', async () => {
      const storage = await make()
      const withLock = storage.withLock!.bind(storage)
      const order: string[] = []
      let release!: () => void
      let started!: () => void
      const firstStarted = new Promise<void>((resolve) => (started = resolve))
      const first = withLock('device', async () => {
        order.push('first:start')
        started()
        await new Promise<void>((resolve) => (release = resolve))
        order.push('first:end')
        return 1
      })
      const second = withLock('device', async () => {
        order.push('second:start')
        return 2
      })
      await firstStarted
      await settle()
      expect(order).toEqual(['first:start'])
      release()
      expect(await Promise.all([first, second])).toEqual([1, 2])
      expect(order).toEqual(['first:start', 'first:end', 'second:start'])
    })

    it('withLock releases the lock when a task fails, and passes the failure on', async () => {
      const storage = await make()
      const boom = new Error('boom')
      const first = storage.withLock!('device', () => Promise.reject(boom))
      const second = storage.withLock!('device', async () => 'ran')
      await expect(first).rejects.toBe(boom)
      expect(await second).toBe('ran')
    })
  })
}
