import 'fake-indexeddb/auto'
import { createStore, set } from 'idb-keyval'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { idbStorage, isStorageError, StorageError } from '../../adapters/storage/idb'
import type { LockRequester } from '../../adapters/storage/exclusiveLock'
import { describeStorageContract, expectIndependentLockNames } from './storageContract'

let n = 0
const fresh = (locks: LockRequester | null = null) => idbStorage({ userPoolId: 'eu-west-1_Test', clientId: `client${++n}`, locks })

describeStorageContract('idbStorage', () => fresh())

describe('idbStorage', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('keeps one database per user pool and app client', async () => {
    const a = idbStorage({ userPoolId: 'eu-west-1_PoolA', clientId: 'app1' })
    const b = idbStorage({ userPoolId: 'eu-west-1_PoolA', clientId: 'app2' })
    const c = idbStorage({ userPoolId: 'eu-west-1_PoolB', clientId: 'app1' })
    await a.setItem('device', 'A')
    await b.setItem('device', 'B')
    expect(await a.getItem('device')).toBe('A')
    expect(await b.getItem('device')).toBe('B')
    expect(await c.getItem('device')).toBeNull()
    expect(a.databaseName).toBe('cognito-auth-machine/eu-west-1_PoolA/app1')
    const names = (await indexedDB.databases()).map((d) => d.name)
    expect(names).toEqual(expect.arrayContaining([a.databaseName, b.databaseName, c.databaseName]))
  })

  it('survives a new adapter object on the same database (a page reload)', async () => {
    const before = idbStorage({ userPoolId: 'eu-west-1_Reload', clientId: 'app' })
    await before.setItem('device', 'kept')
    const after = idbStorage({ userPoolId: 'eu-west-1_Reload', clientId: 'app' })
    expect(await after.getItem('device')).toBe('kept')
  })

  it('reads a value that is not a string (written by something else) as null, never half of it', async () => {
    const storage = fresh()
    await set('device', { deviceKey: 'k', devicePassword: 42 }, createStore(storage.databaseName, 'keyval'))
    expect(await storage.getItem('device')).toBeNull()
    await storage.setItem('device', 'replaced')
    expect(await storage.getItem('device')).toBe('replaced')
  })

  it('rejects with a StorageError "unavailable" when there is no IndexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined)
    const storage = fresh()
    for (const call of [storage.getItem('k'), storage.setItem('k', 'v'), storage.removeItem('k')]) {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(StorageError)
      expect(error).toMatchObject({ code: 'STORAGE_ERROR', reason: 'unavailable', key: 'k' })
    }
  })

  it('rejects with a StorageError "unavailable" when IndexedDB refuses to open (a private mode)', async () => {
    const refusal = new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError')
    vi.stubGlobal('indexedDB', {
      open() {
        const request: { error: DOMException; onerror?: () => void } = { error: refusal }
        setImmediate(() => request.onerror?.())
        return request
      },
    })
    const error = await fresh()
      .getItem('device')
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(isStorageError(error)).toBe(true)
    expect(error).toMatchObject({ reason: 'unavailable', operation: 'getItem', cause: refusal })
  })

  it('rejects with a StorageError "quota" when the database is full, and keeps the earlier value', async () => {
    const storage = fresh()
    await storage.setItem('device', 'earlier')
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    })
    const error = await storage.setItem('device', 'later').then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'STORAGE_ERROR', reason: 'quota', operation: 'setItem', key: 'device' })
    vi.restoreAllMocks()
    expect(await storage.getItem('device')).toBe('earlier')
  })

  it('takes a Web Lock named after its database when navigator.locks exists', async () => {
    const names: string[] = []
    vi.stubGlobal('navigator', {
      locks: {
        request: (name: string, _options: unknown, callback: () => Promise<unknown>) => {
          names.push(name)
          return callback()
        },
      },
    })
    const storage = idbStorage({ userPoolId: 'eu-west-1_Lock', clientId: 'app' })
    expect(await storage.withLock('device', async () => 'done')).toBe('done')
    expect(names).toEqual(['cognito-auth-machine/eu-west-1_Lock/app:device'])
  })

  it('keeps locks of different names independent', async () => {
    await expectIndependentLockNames(fresh())
  })
})
