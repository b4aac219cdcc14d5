import { afterEach, describe, expect, it, vi } from 'vitest'
import { memoryStorage } from '../../src/storage/memoryStorage'
import { isStorageError, StorageError, webStorage } from '../../adapters/storage/webStorage'
import type { LockRequester } from '../../adapters/storage/exclusiveLock'
import { FakeStorage } from './FakeStorage'
import { describeStorageContract, expectIndependentLockNames } from './storageContract'

describeStorageContract('webStorage over a Storage object', () => webStorage({ storage: new FakeStorage(), locks: null }))
describeStorageContract('webStorage over localStorage', () => {
  vi.stubGlobal('localStorage', new FakeStorage())
  return webStorage({ locks: null })
})

/** Runs `run` and returns what it threw. */
function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('did not throw')
}

describe('webStorage', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('prefixes every key, so two prefixes on one Storage never see each other', () => {
    const shared = new FakeStorage()
    const a = webStorage({ storage: shared, prefix: 'app-a:' })
    const b = webStorage({ storage: shared, prefix: 'app-b:' })
    a.setItem('device', 'A')
    b.setItem('device', 'B')
    expect(shared.getItem('app-a:device')).toBe('A')
    expect(shared.getItem('app-b:device')).toBe('B')
    expect(a.getItem('device')).toBe('A')
    b.removeItem('device')
    expect(a.getItem('device')).toBe('A')
    expect([...shared.map.keys()].sort()).toEqual(['app-a:device'])
  })

  it('uses the prefix cognito-auth-machine: by default and sessionStorage when asked', () => {
    const local = new FakeStorage()
    const session = new FakeStorage()
    vi.stubGlobal('localStorage', local)
    vi.stubGlobal('sessionStorage', session)
    webStorage().setItem('k', 'in local')
    webStorage({ storage: 'session' }).setItem('k', 'in session')
    expect(local.getItem('cognito-auth-machine:k')).toBe('in local')
    expect(session.getItem('cognito-auth-machine:k')).toBe('in session')
  })

  it('throws a StorageError "unavailable" on every call when there is no Web Storage (Node, SSR)', () => {
    vi.stubGlobal('localStorage', undefined)
    const storage = webStorage()
    expect(storage.usingFallback).toBe(false)
    for (const call of [() => storage.getItem('k'), () => storage.setItem('k', 'v'), () => storage.removeItem('k')]) {
      const error = thrown(call)
      expect(error).toBeInstanceOf(StorageError)
      expect(error).toMatchObject({ code: 'STORAGE_ERROR', reason: 'unavailable', key: 'k' })
    }
  })

  it('turns a localStorage that throws on access (storage blocked by settings) into a StorageError, keeping the cause', () => {
    const blocked = new DOMException('The operation is insecure.', 'SecurityError')
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw blocked
      },
    })
    try {
      const error = thrown(() => webStorage().getItem('device'))
      expect(isStorageError(error)).toBe(true)
      expect(error).toMatchObject({ reason: 'unavailable', operation: 'getItem', cause: blocked })
    } finally {
      delete (globalThis as { localStorage?: unknown }).localStorage
    }
  })

  it('treats a private mode that refuses every write as unavailable, and uses the fallback when given one', async () => {
    const privateMode = new FakeStorage(0)
    expect(thrown(() => webStorage({ storage: privateMode }).setItem('k', 'v'))).toMatchObject({ reason: 'unavailable' })

    const fallback = memoryStorage()
    const storage = webStorage({ storage: privateMode, fallback })
    expect(storage.usingFallback).toBe(true)
    await storage.setItem('device', 'record')
    expect(await storage.getItem('device')).toBe('record')
    expect(fallback.getItem('device')).toBe('record')
    expect(privateMode.length).toBe(0)
  })

  it('does not fall back when the storage works', () => {
    const storage = webStorage({ storage: new FakeStorage(), fallback: memoryStorage() })
    expect(storage.usingFallback).toBe(false)
  })

  it('throws a StorageError "quota" when full and leaves the earlier value in place', () => {
    const small = new FakeStorage(200)
    const storage = webStorage({ storage: small, prefix: 'p:' })
    storage.setItem('device', 'small record')
    const error = thrown(() => storage.setItem('device', 'y'.repeat(500)))
    expect(error).toBeInstanceOf(StorageError)
    expect(error).toMatchObject({ reason: 'quota', operation: 'setItem', key: 'device' })
    expect((error as StorageError).cause).toBeInstanceOf(DOMException)
    expect(storage.getItem('device')).toBe('small record')
  })

  it('wraps any other failure of the storage as a StorageError "failed"', () => {
    const broken = new FakeStorage()
    const storage = webStorage({ storage: broken })
    broken.getItem = () => {
      throw new TypeError('broken')
    }
    expect(thrown(() => storage.getItem('k'))).toMatchObject({ code: 'STORAGE_ERROR', reason: 'failed' })
  })

  it('takes a Web Lock named after the prefix when navigator.locks exists', async () => {
    const names: string[] = []
    const locks: LockRequester = {
      request: (name, _options, callback) => {
        names.push(name)
        return callback()
      },
    }
    vi.stubGlobal('navigator', { locks })
    const storage = webStorage({ storage: new FakeStorage(), prefix: 'my-app:' })
    expect(await storage.withLock('device', async () => 42)).toBe(42)
    expect(names).toEqual(['my-app:device'])
  })

  it('runs withLock in a queue of its own where Web Locks are denied (SecurityError), and passes task failures on', async () => {
    const denied: LockRequester = {
      request: () => Promise.reject(new DOMException('Access to the Locks API is denied in this context.', 'SecurityError')),
    }
    const storage = webStorage({ storage: new FakeStorage(), locks: denied })
    expect(await storage.withLock('device', async () => 'ran')).toBe('ran')
    const failing = new DOMException('denied inside the task', 'SecurityError')
    const granted: LockRequester = { request: (_n, _o, callback) => callback() }
    await expect(webStorage({ storage: new FakeStorage(), locks: granted }).withLock('device', () => Promise.reject(failing))).rejects.toBe(
      failing,
    )
  })

  it('keeps locks of different names independent', async () => {
    await expectIndependentLockNames(webStorage({ storage: new FakeStorage(), locks: null }))
  })
})
