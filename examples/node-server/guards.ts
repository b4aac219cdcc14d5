// What a request must pass before it may change anything: it comes from this site (Origin and
// Sec-Fetch-Site), its form is well-formed (every field once, a string, of bounded length), and a
// sign-in stays within the attempt limits (Redis counters, the same for every worker).
import { createHash } from 'node:crypto'
import { isIPv6 } from 'node:net'
import type { FastifyRequest } from 'fastify'
import type { RedisCommander } from 'cognito-auth-machine/storage/redis'

/**
 * Whether a state-changing request comes from a page of `publicOrigin`: `Sec-Fetch-Site`, when sent,
 * must be `same-origin`; `Origin`, when sent, must be `publicOrigin`; a request with neither is refused
 * (every browser in use sends at least one of them with a POST).
 *
 * @param request - the request
 * @param publicOrigin - the origin users reach the app at, e.g. `https://app.example.com`
 */
export function fromThisSite(request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers['sec-fetch-site']
  const origin = request.headers.origin
  if (site !== undefined && site !== 'same-origin') return false
  if (origin !== undefined && origin !== publicOrigin) return false
  return site !== undefined || origin !== undefined
}

/** A request whose form is not one this app sends: answered 400, with nothing changed. */
export class FormError extends Error {
  /** The HTTP status Fastify's error handler answers with. */
  readonly statusCode = 400

  /** @param message - what was wrong, naming the field but never its value */
  constructor(message: string) {
    super(message)
    this.name = 'FormError'
  }
}

/** The rule of one form field. */
export interface FieldRule {
  /** Longest accepted value, in characters. */
  max: number
  /** The value must match it. */
  pattern?: RegExp
}

/** The CSRF token field every form carries. */
export const CSRF_FIELD: Record<'csrf', FieldRule> = { csrf: { max: 43, pattern: /^[\w-]{43}$/ } }

/**
 * A urlencoded body read against the rules: each field present exactly once, a string, within its
 * length and pattern; any other field is an error too.
 *
 * @param body - what `@fastify/formbody` parsed (a field sent twice is an array)
 * @param rules - the fields, all required
 * @throws {@link FormError} when the body breaks a rule
 */
export function readForm<K extends string>(body: unknown, rules: Record<K, FieldRule>): Record<K, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new FormError('the body is not a form')
  for (const name of Object.keys(body)) if (!Object.hasOwn(rules, name)) throw new FormError('the form has a field it should not')
  const form = {} as Record<K, string>
  for (const name of Object.keys(rules) as K[]) {
    const value = Object.hasOwn(body, name) ? (body as Record<string, unknown>)[name] : undefined
    const rule = rules[name]
    if (value === undefined) throw new FormError(`field ${name} is missing`)
    if (typeof value !== 'string') throw new FormError(`field ${name} is not one string`)
    if (value.length > rule.max || (rule.pattern && !rule.pattern.test(value))) throw new FormError(`field ${name} is malformed`)
    form[name] = value
  }
  return form
}

/** Limits on sign-in attempts, counted in fixed windows. */
export interface SignInLimits {
  /** Attempts per client address (an IPv6 address counts by its /64) per window. Default 30. */
  perAddress?: number
  /** Attempts per username per window. Default 10. */
  perUsername?: number
  /** The window, in minutes. Default 15. */
  windowMinutes?: number
}

/** Defaults of {@link SignInLimits}. */
export const DEFAULT_LIMITS: Required<SignInLimits> = { perAddress: 30, perUsername: 10, windowMinutes: 15 }

/** One counted attempt: give it back when the password was right (only failed attempts count). */
export type Reservation = { allowed: true; refund(): Promise<void> } | { allowed: false; retryAfterSeconds: number }

const COUNT = `local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call('INCR', key)
  if out[i] == 1 then redis.call('EXPIRE', key, ARGV[1]) end
end
return out`
const REFUND = `for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('DECR', key) end
end
return 0`

/**
 * A username as the limits and the log know it: the SHA-256 of its trimmed lower-case form. The log never
 * holds what was typed in the username field, since people type their password there by mistake.
 *
 * @param username - as typed
 */
export function usernameTag(username: string): string {
  return createHash('sha256').update(username.trim().toLowerCase()).digest('base64url')
}

/** The part of an address rate limits count by: an IPv4 address whole, an IPv6 address by its /64 (one customer's network). */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) return mapped[1]!
  if (!isIPv6(ip)) return ip
  const [head = '', tail = ''] = ip.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left
  return `${groups
    .slice(0, 4)
    .map((g) => g.padStart(4, '0'))
    .join(':')}::/64`
}

/**
 * Sign-in attempt counters in Redis, per client address and per username, so the limits hold across
 * every worker. An attempt is counted before it is tried (concurrent guesses cannot slip past the limit)
 * and refunded when the password was right.
 *
 * @param redis - a connected node-redis client
 * @param prefix - key prefix
 * @param limits - the limits
 * @param now - the clock (the window a request falls in), epoch ms
 */
export function signInLimiter(redis: RedisCommander, prefix: string, limits: Required<SignInLimits>, now: () => number) {
  const windowMs = limits.windowMinutes * 60_000
  return {
    /** Counts one attempt by `address` for `username`; refused when either count is past its limit. */
    async reserve(address: string, username: string): Promise<Reservation> {
      const at = now()
      const window = Math.floor(at / windowMs)
      const user = usernameTag(username)
      const keys = [`${prefix}rl:a:${addressKey(address)}:${window}`, `${prefix}rl:u:${user}:${window}`]
      const [byAddress, byUser] = (await redis.sendCommand(['EVAL', COUNT, '2', ...keys, String(Math.ceil(windowMs / 1000))])) as number[]
      if (byAddress! > limits.perAddress || byUser! > limits.perUsername) {
        return { allowed: false, retryAfterSeconds: Math.ceil(((window + 1) * windowMs - at) / 1000) }
      }
      return { allowed: true, refund: async () => void (await redis.sendCommand(['EVAL', REFUND, '2', ...keys])) }
    },
  }
}
