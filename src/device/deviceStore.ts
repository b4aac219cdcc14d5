import { AuthError, causeOf } from '../errors'
import type { AuthStorage } from '../storage/AuthStorage'
import { parseDeviceRecord, type DeviceRecord } from './DeviceRecord'

/** Which pool and app client the records belong to. */
export interface DeviceScope {
  /** The user pool id. */
  userPoolId: string
  /** The app client id. */
  clientId: string
}

/** The outcome of {@link DeviceStore.find}. */
export interface FoundDevice {
  /** The user's internal id, when the typed name is known. */
  userId: string | null
  /** The whole record, or null. */
  record: DeviceRecord | null
  /** Why a stored record was dropped (corrupt, old shape), when one was. */
  dropped?: string
}

/** The device records of one pool and client in an {@link AuthStorage}. */
export interface DeviceStore {
  /** Finds the record of a typed name (username, e-mail, phone) or internal id; drops corrupt records. */
  find(name: string): Promise<FoundDevice>
  /** Stores a record and indexes it under each typed name. */
  save(record: DeviceRecord, names: readonly string[]): Promise<void>
  /**
   * Removes a user's record, if it is the given device (or any device when none is given); `names` are
   * typed names of the user whose aliases go too (the user was deleted).
   */
  remove(userId: string, deviceKey?: string, names?: readonly string[]): Promise<void>
}

/** The storage key prefix of a scope. */
export function storagePrefix(scope: DeviceScope): string {
  return `cognito-auth-machine.${scope.userPoolId}.${scope.clientId}`
}

/** Runs a storage task; a failure other than an {@link AuthError} becomes `STORAGE_ERROR` naming `what`. */
export async function guard<T>(what: string, task: () => Promise<T>): Promise<T> {
  try {
    return await task()
  } catch (error) {
    if (error instanceof AuthError) throw error
    throw new AuthError('STORAGE_ERROR', `storage failed while ${what}`, {
      cause: { name: 'StorageError', message: causeOf(error).message },
    })
  }
}

/**
 * The device-record layout: `<prefix>.device.<userId>` holds the record (JSON), `<prefix>.alias.<name>`
 * maps each typed name to the user id, so an alias finds its device before InitiateAuth. Writes run
 * under the storage's lock when it has one.
 *
 * @param storage - where records live
 * @param scope - pool and client
 */
export function deviceStore(storage: AuthStorage, scope: DeviceScope): DeviceStore {
  const prefix = storagePrefix(scope)
  const deviceKey = (userId: string) => `${prefix}.device.${userId}`
  const aliasKey = (name: string) => `${prefix}.alias.${name.toLowerCase()}`
  const locked = <T>(task: () => Promise<T>): Promise<T> => (storage.withLock ? storage.withLock(`${prefix}.device`, task) : task())

  return {
    find: (name) =>
      guard('reading a device record', async () => {
        const aliased = await storage.getItem(aliasKey(name))
        const userId = aliased ?? name
        const text = await storage.getItem(deviceKey(userId))
        if (text === null) return { userId: aliased, record: null }
        const parsed = parseDeviceRecord(text, userId)
        if (parsed.ok) return { userId, record: parsed.record }
        await locked(async () => {
          if ((await storage.getItem(deviceKey(userId))) === text) await storage.removeItem(deviceKey(userId))
        })
        return { userId, record: null, dropped: parsed.reason }
      }),
    save: (record, names) =>
      guard('writing a device record', () =>
        locked(async () => {
          await storage.setItem(deviceKey(record.userId), JSON.stringify(record))
          for (const name of new Set([...names, record.userId])) {
            if (name) await storage.setItem(aliasKey(name), record.userId)
          }
        }),
      ),
    remove: (userId, key, names = []) =>
      guard('removing a device record', () =>
        locked(async () => {
          if (key !== undefined) {
            const text = await storage.getItem(deviceKey(userId))
            const parsed = text === null ? null : parseDeviceRecord(text, userId)
            if (parsed?.ok && parsed.record.deviceKey !== key) return
          }
          await storage.removeItem(deviceKey(userId))
          for (const name of names) if ((await storage.getItem(aliasKey(name))) === userId) await storage.removeItem(aliasKey(name))
        }),
      ),
  }
}
