// Browser sessions. The session cookie is the only key to a browser's tokens and machine state: a random
// 256-bit id, new at every sign-in, cleared at sign-out, ended after an idle time and an absolute
// lifetime. The device cookie only says where this browser's device records are. Redis never sees either
// value: each names its scope by the value's SHA-256.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RedisCommander } from 'cognito-auth-machine/storage/redis'

/** How long a session lives. */
export interface SessionTimeouts {
  /** Ended after this long without a request. Default 30. */
  idleMinutes?: number
  /** Ended this long after it started (at sign-in), however busy. Default 480 (8 hours). */
  absoluteMinutes?: number
}

/** Defaults of {@link SessionTimeouts}. */
export const DEFAULT_TIMEOUTS: Required<SessionTimeouts> = { idleMinutes: 30, absoluteMinutes: 8 * 60 }

/** The device cookie's lifetime: 400 days, the most Chromium keeps a cookie. */
const DEVICE_COOKIE_SECONDS = 400 * 86_400

/** A session found live: its Redis scope and CSRF token. */
export interface LiveSession {
  /** The session's Redis scope (the SHA-256 of the cookie's value). */
  readonly scope: string
  /** The token every form of this session carries. */
  readonly csrf: string
  /** When it started, epoch ms. */
  readonly createdAt: number
  /** When it was last used, epoch ms. */
  seenAt: number
}

/** What the request's session cookie names: nothing usable, a session past its time (or gone), or a live one. */
export type SessionLookup = { state: 'none' } | { state: 'expired'; scope: string } | { state: 'live'; session: LiveSession }

/** The cookie names: `__Host-` prefixed when Secure (the browser then refuses them from anywhere but this host over a secure connection). */
export function cookieNames(secure: boolean): { session: string; device: string } {
  const prefix = secure ? '__Host-' : ''
  return { session: `${prefix}cam_session`, device: `${prefix}cam_device` }
}

const ID = /^[\w-]{43}$/
const newId = () => randomBytes(32).toString('base64url')

/** The Redis scope of a cookie value: its SHA-256, so that no key name in Redis is a usable cookie. */
export const scopeOf = (id: string): string => createHash('sha256').update(id).digest('base64url')

/** What {@link browserSessions} needs. */
export interface SessionsConfig {
  redis: RedisCommander
  /** Key prefix in Redis. */
  prefix: string
  /** Whether cookies are Secure (and `__Host-`). */
  secure: boolean
  timeouts: Required<SessionTimeouts>
  /** The clock, epoch ms. */
  now: () => number
}

interface SessionRecord {
  csrf: string
  createdAt: number
  seenAt: number
}

function parseRecord(value: unknown): SessionRecord | null {
  const text = value instanceof Uint8Array ? new TextDecoder().decode(value) : value
  if (typeof text !== 'string') return null
  try {
    const record = JSON.parse(text) as Partial<SessionRecord> | null
    if (typeof record?.csrf !== 'string' || !Number.isFinite(record.createdAt) || !Number.isFinite(record.seenAt)) return null
    return record as SessionRecord
  } catch {
    return null
  }
}

/**
 * The session and device cookies of a BFF, and the session records behind them in Redis
 * (`<prefix>s:<scope>:record`, with the CSRF token and the two times; its TTL is the idle time).
 *
 * @param config - Redis, prefix, cookie security, timeouts, clock
 */
export function browserSessions(config: SessionsConfig) {
  const names = cookieNames(config.secure)
  const idleMs = config.timeouts.idleMinutes * 60_000
  const absoluteMs = config.timeouts.absoluteMinutes * 60_000
  const cookie = { path: '/', httpOnly: true, secure: config.secure, sameSite: 'lax' as const }
  const recordKey = (scope: string) => `${config.prefix}s:${scope}:record`
  const devices = new WeakMap<FastifyRequest, { id: string; set: boolean }>()
  const write = async (scope: string, record: SessionRecord, mode: 'NX' | 'XX') =>
    (await config.redis.sendCommand(['SET', recordKey(scope), JSON.stringify(record), mode, 'EX', String(Math.ceil(idleMs / 1000))])) !==
    null

  return {
    names,
    /** The request's session, checked against both timeouts. A well-formed cookie whose record is gone is `expired`. */
    async read(request: FastifyRequest): Promise<SessionLookup> {
      const id = request.cookies[names.session]
      if (!id || !ID.test(id)) return { state: 'none' }
      const scope = scopeOf(id)
      const record = parseRecord(await config.redis.sendCommand(['GET', recordKey(scope)]))
      const now = config.now()
      if (!record || now - record.seenAt >= idleMs || now - record.createdAt >= absoluteMs) return { state: 'expired', scope }
      return { state: 'live', session: { scope, ...record } }
    },
    /** Starts a session: a new random id in the cookie, a new CSRF token. */
    async start(reply: FastifyReply): Promise<LiveSession> {
      const id = newId()
      const now = config.now()
      const record: SessionRecord = { csrf: newId(), createdAt: now, seenAt: now }
      await write(scopeOf(id), record, 'NX')
      reply.setCookie(names.session, id, cookie) // no Max-Age: it goes when the browser closes, if not before
      return { scope: scopeOf(id), ...record }
    },
    /** Records a request (the idle time starts again). Never brings back a record that was deleted meanwhile. */
    async touch(session: LiveSession): Promise<void> {
      session.seenAt = config.now()
      await write(session.scope, { csrf: session.csrf, createdAt: session.createdAt, seenAt: session.seenAt }, 'XX')
    },
    /** Deletes a session's record and, when a reply is given, clears its cookie. */
    async drop(scope: string, reply?: FastifyReply): Promise<void> {
      await config.redis.sendCommand(['DEL', recordKey(scope)])
      reply?.clearCookie(names.session, cookie)
    },
    /** Whether a form's token is the session's (compared in constant time). */
    csrfMatches(session: LiveSession, token: string): boolean {
      const a = Buffer.from(session.csrf)
      const b = Buffer.from(token)
      return a.length === b.length && timingSafeEqual(a, b)
    },
    /**
     * The browser's device scope: from its device cookie, or a new device id (and cookie) when it has
     * none; with `renew`, the cookie is sent again so its lifetime starts over. The same for every call
     * in one request.
     */
    device(request: FastifyRequest, reply: FastifyReply, renew = false): string {
      let device = devices.get(request)
      if (!device) {
        const sent = request.cookies[names.device]
        device = sent !== undefined && ID.test(sent) ? { id: sent, set: false } : { id: newId(), set: false }
        devices.set(request, device)
      }
      if (!device.set && (renew || device.id !== request.cookies[names.device])) {
        reply.setCookie(names.device, device.id, { ...cookie, maxAge: DEVICE_COOKIE_SECONDS })
        device.set = true
      }
      return scopeOf(device.id)
    },
  }
}

/** The session cookies and records of one BFF. */
export type BrowserSessions = ReturnType<typeof browserSessions>
