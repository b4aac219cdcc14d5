import { parseJson } from '../json'
import type { AuthStorage } from '../storage/AuthStorage'
import { guard, storagePrefix, type DeviceScope } from '../device/deviceStore'
import type { SessionInfo } from './types'

/** The tokens of a signed-in session, as kept in storage. */
export interface AuthTokens {
  /** The access token (JWT). */
  accessToken: string
  /** The ID token (JWT). */
  idToken: string
  /** The refresh token. */
  refreshToken: string | null
  /** When the access and ID tokens expire, epoch milliseconds. */
  expiresAt: number
}

/** A stored session: tokens plus who and which device. */
export interface StoredSession extends SessionInfo {
  /** The tokens. */
  tokens: AuthTokens
  /** The trust attribute as this session last wrote it (the ID token's claim is older until a refresh). */
  trustAttribute?: string
}

/** Reads and writes the signed-in session of one pool and client. */
export interface SessionStore {
  /** The stored session, or null (an unreadable one is removed). */
  load(): Promise<StoredSession | null>
  /** Stores a session. */
  save(session: StoredSession): Promise<void>
  /** Removes the session. */
  clear(): Promise<void>
}

function valid(value: unknown): value is StoredSession {
  const s = value as Partial<StoredSession> | null | undefined
  const t = s?.tokens
  return (
    typeof s?.username === 'string' &&
    typeof s.userId === 'string' &&
    typeof s.expiresAt === 'number' &&
    typeof s.issuedAt === 'number' &&
    (s.deviceKey === null || typeof s.deviceKey === 'string') &&
    typeof t?.accessToken === 'string' &&
    typeof t.idToken === 'string' &&
    (t.refreshToken === null || typeof t.refreshToken === 'string') &&
    typeof t.expiresAt === 'number'
  )
}

/**
 * The session layout: `<prefix>.session` holds the tokens as JSON.
 *
 * @param storage - where the session lives
 * @param scope - pool and client
 */
export function sessionStore(storage: AuthStorage, scope: DeviceScope): SessionStore {
  const key = `${storagePrefix(scope)}.session`
  return {
    load: () =>
      guard('reading the session', async () => {
        const text = await storage.getItem(key)
        if (text === null) return null
        const value = parseJson(text)
        if (valid(value)) return value
        await storage.removeItem(key)
        return null
      }),
    save: (session) => guard('writing the session', async () => void (await storage.setItem(key, JSON.stringify(session)))),
    clear: () => guard('removing the session', async () => void (await storage.removeItem(key))),
  }
}
