// The BFF's routes (Fastify). The browser only ever gets two HttpOnly cookies, both random handles:
// the session cookie (the one key to its tokens and sign-in state) and the device cookie (where its
// device records are; it grants nothing by itself). Tokens and device secrets stay on the server. Every
// POST drives one step and redirects to a GET page (post/redirect/get); no GET changes who is signed in.
import { randomBytes } from 'node:crypto'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { AuthClient, AuthView } from 'cognito-auth-machine'
import { authStep, endSession, type BffAuthConfig, type BrowserScopes } from './authStep'
import { CSRF_FIELD, DEFAULT_LIMITS, fromThisSite, readForm, signInLimiter, usernameTag, type FieldRule, type SignInLimits } from './guards'
import { renderProblem, renderView, type PageNotice } from './pages'
import { browserSessions, DEFAULT_TIMEOUTS, type LiveSession, type SessionTimeouts } from './sessions'
import { accessTokenVerifier } from './verifyAccessToken'

/** Options of {@link buildApp}. */
export interface BffOptions extends BffAuthConfig {
  /**
   * The origin users reach the app at, scheme and host and port, e.g. `https://app.example.com`: a
   * state-changing request from a page of any other origin is refused.
   */
  publicOrigin: string
  /**
   * Cookies with `Secure` and the `__Host-` prefix. Default `true`, and keep it: browsers accept them on
   * `https://` and on `http://localhost` / `http://127.0.0.1`. `false` only to develop over plain http on
   * another host name. Never decided by the request's Host or scheme.
   */
  secureCookies?: boolean
  /** Idle and absolute session timeouts. */
  session?: SessionTimeouts
  /** Sign-in attempt limits per client address and per username. */
  signInLimits?: SignInLimits
  /**
   * `endpoint` is a local Cognito server (`cognito-auth-machine-local`): access tokens are verified with
   * its JWKS instead of Cognito's. Server configuration only; no request can turn it on.
   */
  localCognito?: boolean
  /** The clock of session timeouts and rate-limit windows, epoch ms. Default `Date.now`. */
  now?: () => number
  /** The log (JSON lines, pino): level and where to; `false` for none. Default info level to stdout. */
  log?: false | { level?: string; stream?: { write(line: string): void } }
  /** Sent as `x-served-by` on every response, so a test can see which process answered. */
  servedBy?: string
  /** Close each connection after its response, so a load balancer (or `node:cluster`) spreads requests. */
  closeConnections?: boolean
  /**
   * Behind a reverse proxy: which `X-Forwarded-For` entries to believe for the client address (the rate
   * limits count by it), as Fastify's `trustProxy`: the proxy's addresses or CIDR ranges. `true` believes
   * the whole header, which a client can write itself: only when the proxy replaces it. Default `false`
   * (the TCP peer is the client).
   */
  trustProxy?: boolean | string | string[]
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
}

/** The fields of each form, besides its CSRF token. */
const FIELDS = {
  signIn: { username: { max: 128, pattern: /\S/ }, password: { max: 256, pattern: /[^]/ } },
  mfa: { code: { max: 32 } },
  remember: { remember: { max: 3, pattern: /^(yes|no)$/ } },
  forget: { deviceKey: { max: 128, pattern: /^[\w-]+$/ } },
  none: {},
} satisfies Record<string, Record<string, FieldRule>>

/** Sign-in failures that are a wrong password or an unknown user: these count against the limits. */
const GUESSES = new Set(['NOT_AUTHORIZED', 'USER_NOT_FOUND'])

/**
 * The BFF as a Fastify instance (not listening yet).
 *
 * @param options - pool, client and secret, Redis, the public origin, cookie, session and rate-limit settings
 */
export function buildApp(options: BffOptions): FastifyInstance {
  const now = options.now ?? Date.now
  const prefix = options.prefix ?? 'bff:'
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.session }
  const limits = { ...DEFAULT_LIMITS, ...options.signInLimits }
  const origin = new URL(options.publicOrigin).origin
  const sessions = browserSessions({ redis: options.redis, prefix, secure: options.secureCookies ?? true, timeouts, now })
  const limiter = signInLimiter(options.redis, prefix, limits, now)
  // session keys (tokens, snapshot) go at the latest when the session would have ended anyway
  const config = { ...options, prefix, sessionKeySeconds: timeouts.absoluteMinutes * 60 }
  const verify = accessTokenVerifier({
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    ...(options.localCognito && options.endpoint ? { localEndpoint: options.endpoint } : {}),
  })

  const app = Fastify({
    logger:
      options.log === false
        ? false
        : { level: options.log?.level ?? 'info', ...(options.log?.stream ? { stream: options.log.stream } : {}) },
    trustProxy: options.trustProxy ?? false,
    genReqId: () => randomBytes(9).toString('base64url'),
    requestIdHeader: false,
    bodyLimit: 16 * 1024,
  })
  const { protocol, hostname } = new URL(origin)
  if ((options.secureCookies ?? true) && protocol === 'http:' && !/^(localhost|127(\.\d+){3}|\[::1\])$/.test(hostname)) {
    app.log.warn(`cookies are Secure but ${origin} is plain http: browsers will not keep them (serve https, or set secureCookies false)`)
  }
  app.register(cookie)
  // forms only: no JSON, no text/plain (a cross-site form can send text/plain); anything else is a 415
  app.removeAllContentTypeParsers()
  app.register(formbody)

  app.addHook('onSend', async (request, reply) => {
    reply.headers(SECURITY_HEADERS)
    reply.header('x-request-id', request.id)
    if (options.servedBy) reply.header('x-served-by', options.servedBy)
    if (options.closeConnections) reply.header('connection', 'close')
  })
  // Every state-changing request must come from a page of this site, before its body is even read.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') return
    if (fromThisSite(request, origin)) return
    request.log.warn({ origin: request.headers.origin, site: request.headers['sec-fetch-site'] }, 'refused: not from this site')
    return problem(reply, request, 403)
  })
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) request.log.error({ err: error }, 'request failed')
    else request.log.info({ err: { type: error.name, message: error.message } }, 'request refused')
    return problem(reply, request, status)
  })
  app.setNotFoundHandler((request, reply) => problem(reply, request, 404))

  function problem(reply: FastifyReply, request: FastifyRequest, status: number, retryAfterSeconds?: number) {
    if (retryAfterSeconds) reply.header('retry-after', String(retryAfterSeconds))
    const minutes = retryAfterSeconds ? Math.ceil(retryAfterSeconds / 60) : undefined
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(renderProblem(status, request.id, minutes))
  }

  const scopesOf = (request: FastifyRequest, reply: FastifyReply, session: LiveSession, renewDevice = false): BrowserScopes => {
    const agent = request.headers['user-agent']
    return {
      session: session.scope,
      device: sessions.device(request, reply, renewDevice),
      ...(agent ? { deviceName: agent.slice(0, 1024) } : {}),
    }
  }

  /** Ends a session that timed out (or whose record is gone), clearing its cookie unless a new one follows; whether it held a sign-in. */
  const expire = async (request: FastifyRequest, reply: FastifyReply, scope: string, clearCookie = true) => {
    const held = await endSession(config, { session: scope, device: sessions.device(request, reply) })
    await sessions.drop(scope, clearCookie ? reply : undefined)
    if (held) request.log.info('session timed out')
    return held
  }

  /** A page: the browser's live session (a new one when it has none), its view after `act`, rendered. */
  const page = (path: string, notice?: PageNotice) =>
    app.get(path, async (request, reply) => {
      const found = await sessions.read(request)
      let shown = notice
      if (found.state === 'expired' && (await expire(request, reply, found.scope, false))) shown = 'sessionExpired'
      const session = found.state === 'live' ? found.session : await sessions.start(reply)
      if (found.state === 'live') await sessions.touch(session)
      const { view } = await authStep(config, scopesOf(request, reply, session), async (client, current) => {
        if (current.step === 'signedIn') await client.listDevices().catch(() => undefined)
      })
      return reply
        .type('text/html; charset=utf-8')
        .send(renderView(view, { csrf: session.csrf, notice: view.step === 'signedOut' ? shown : undefined }))
    })

  /**
   * A POST of one of this site's forms: well-formed (else 400), of a live session with its CSRF token
   * (else 403), then `handle`. A session that timed out is ended, and the browser sent to say so.
   */
  const post = <K extends string>(
    path: string,
    fields: Record<K, FieldRule>,
    handle: (request: FastifyRequest, reply: FastifyReply, session: LiveSession, form: Record<K, string>) => Promise<unknown>,
  ) =>
    app.post(path, async (request, reply) => {
      const form = readForm(request.body, { ...fields, ...CSRF_FIELD })
      const found = await sessions.read(request)
      if (found.state === 'expired') {
        const held = await expire(request, reply, found.scope)
        return reply.redirect(held ? '/session-expired' : '/', 303)
      }
      if (found.state === 'none' || !sessions.csrfMatches(found.session, form.csrf)) {
        request.log.warn('refused: no session or a CSRF token not of this session')
        return problem(reply, request, 403)
      }
      await sessions.touch(found.session)
      return handle(request, reply, found.session, form)
    })

  /** A POST that drives one step of the session's client, then shows the result at GET /. */
  const step = <K extends string>(
    path: string,
    fields: Record<K, FieldRule>,
    act: (client: AuthClient, form: Record<K, string>, view: AuthView) => Promise<unknown>,
  ) =>
    post(path, fields, async (request, reply, session, form) => {
      await authStep(config, scopesOf(request, reply, session), (client, view) => act(client, form, view))
      return reply.redirect('/', 303)
    })

  page('/')
  page('/signed-out', 'signedOut')
  page('/session-expired', 'sessionExpired')

  // A sign-in starts a new session (new cookie, new CSRF token): a session id or token seen before it
  // is worth nothing after it. Attempts are counted per address and per username; right passwords are refunded.
  post('/sign-in', FIELDS.signIn, async (request, reply, previous, form) => {
    const attempt = await limiter.reserve(request.ip, form.username)
    if (!attempt.allowed) {
      request.log.warn({ user: usernameTag(form.username).slice(0, 12) }, 'sign-in refused: too many attempts')
      return problem(reply, request, 429, attempt.retryAfterSeconds)
    }
    await endSession(config, scopesOf(request, reply, previous))
    await sessions.drop(previous.scope)
    const session = await sessions.start(reply)
    const { view } = await authStep(config, scopesOf(request, reply, session, true), (client) =>
      client.signIn({ username: form.username, password: form.password }),
    )
    const failed = view.step === 'signedOut' && view.error ? view.error.code : null
    if (!failed || !GUESSES.has(failed)) await attempt.refund()
    request.log.info({ user: usernameTag(form.username).slice(0, 12), step: view.step, error: failed }, 'sign-in attempt')
    return reply.redirect('/', 303)
  })
  step('/mfa', FIELDS.mfa, (client, form) => client.submitCode(form.code.trim()))
  step('/remember', FIELDS.remember, (client, form) => client.rememberDevice(form.remember === 'yes'))
  step('/devices/forget', FIELDS.forget, (client, form) => client.forgetDevice(form.deviceKey))
  step('/retry', FIELDS.none, (client) => client.retry())
  step('/cancel', FIELDS.none, (client) => client.cancel())
  // Signing out ends the session: refresh token revoked, tokens and snapshot deleted, cookie cleared.
  post('/sign-out', FIELDS.none, async (request, reply, session) => {
    await endSession(config, scopesOf(request, reply, session))
    await sessions.drop(session.scope, reply)
    return reply.redirect('/signed-out', 303)
  })

  // What a service behind the BFF would do with the user's access token: verify it with aws-jwt-verify.
  app.get('/api/me', async (request, reply) => {
    const found = await sessions.read(request)
    if (found.state === 'expired') await expire(request, reply, found.scope)
    if (found.state !== 'live') return reply.code(401).send({ error: 'not signed in' })
    await sessions.touch(found.session)
    const { result: tokens } = await authStep(config, scopesOf(request, reply, found.session), (client) => client.getTokens())
    if (!tokens) return reply.code(401).send({ error: 'not signed in' })
    try {
      return await verify(tokens.accessToken)
    } catch (error) {
      request.log.warn({ err: { type: (error as Error).name, message: (error as Error).message } }, 'access token refused')
      return reply.code(401).send({ error: 'invalid token' })
    }
  })

  app.get('/healthz', async () => ({ ok: true }))
  return app
}
