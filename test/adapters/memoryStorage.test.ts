import { memoryStorage } from '../../src/storage/memoryStorage'
import { describeStorageContract, expectIndependentLockNames } from './storageContract'

describeStorageContract('memoryStorage', () => memoryStorage())

import { describe, expect, it } from 'vitest'

describe('memoryStorage locks', () => {
  it('locks of different names are independent', () => expectIndependentLockNames(memoryStorage()))

  it('a lock of one name can be taken inside a lock of another (no global queue, no deadlock)', async () => {
    const storage = memoryStorage()
    const order: string[] = []
    const result = await storage.withLock!('device:ana', () =>
      storage.withLock!('session:ana', async () => {
        order.push('inner')
        return 42
      }),
    )
    expect(result).toBe(42)
    expect(order).toEqual(['inner'])
  })

  it('tasks under one name run one at a time, in order, and a failure does not block the next', async () => {
    const storage = memoryStorage()
    const log: string[] = []
    const task =
      (id: string, fail = false) =>
      async () => {
        log.push(`start ${id}`)
        await new Promise((r) => setTimeout(r, 5))
        log.push(`end ${id}`)
        if (fail) throw new Error(id)
        return id
      }
    const a = storage.withLock!('k', task('a', true))
    const b = storage.withLock!('k', task('b'))
    await expect(a).rejects.toThrow('a')
    await expect(b).resolves.toBe('b')
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b'])
  })
})
