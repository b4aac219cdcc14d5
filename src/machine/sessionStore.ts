import { failure, type AuthError } from '../errors'
import { parseJson } from '../json'
import { own } from '../json'
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
}

/** Reads and writes the signed-in session of one pool and client: one current user per storage. */
export interface SessionStore {
  /** The storage key of the session (change notices for it concern the client). */
  readonly key: string
  /** The stored session, or null (an unreadable one is removed). */
  load(): Promise<StoredSession | null>
  /** Stores a session. */
  save(session: StoredSession): Promise<void>
  /** Removes the session. */
  clear(): Promise<void>
  /** Runs `task` under the storage's lock for the session (every client on the storage shares it), when it has one. */
  locked<T>(task: () => Promise<T>): Promise<T>
}

/** The error of a client whose stored session ended elsewhere (another tab signed out, or in as someone else). */
export function signedOutElsewhere(): AuthError {
  return failure('NOT_SIGNED_IN')
}

const isText = (v: unknown): v is string => typeof v === 'string'
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const textOrNull = (v: unknown): v is string | null => v === null || isText(v)

/** A stored session read field by field (own properties only), or null when any field is missing or mistyped. */
function readSession(value: unknown): StoredSession | null {
  const field = (key: string) => own(value, key)
  const tokens = field('tokens')
  const token = (key: string) => own(tokens, key)
  const [username, userId, expiresAt, issuedAt, deviceKey] = ['username', 'userId', 'expiresAt', 'issuedAt', 'deviceKey'].map(field)
  const [accessToken, idToken, refreshToken, tokensExpireAt] = ['accessToken', 'idToken', 'refreshToken', 'expiresAt'].map(token)
  if (
    !isText(username) ||
    !isText(userId) ||
    !isTime(expiresAt) ||
    !isTime(issuedAt) ||
    !textOrNull(deviceKey) ||
    !isText(accessToken) ||
    !isText(idToken) ||
    !textOrNull(refreshToken) ||
    !isTime(tokensExpireAt)
  ) {
    return null
  }
  return {
    username,
    userId,
    expiresAt,
    issuedAt,
    deviceKey,
    tokens: { accessToken, idToken, refreshToken, expiresAt: tokensExpireAt },
  }
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
    key,
    locked: (task) => (storage.withLock ? storage.withLock(key, task) : task()),
    load: () =>
      guard('reading the session', async () => {
        const text = await storage.getItem(key)
        if (text === null) return null
        const session = readSession(parseJson(text))
        if (session) return session
        await storage.removeItem(key)
        return null
      }),
    save: (session) => guard('writing the session', async () => void (await storage.setItem(key, JSON.stringify(session)))),
    clear: () => guard('removing the session', async () => void (await storage.removeItem(key))),
  }
}
