// The BFF's routes (Fastify). The browser only ever gets two HttpOnly cookies: a session id and a
// device id, both random handles into Redis. Tokens and device secrets stay on the server. Every POST
// drives one step and redirects to GET /, which renders the current view (post/redirect/get).
import { randomBytes } from 'node:crypto'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { AuthClient, AuthView } from 'cognito-auth-machine'
import { authStep, type BffAuthConfig } from './authStep'
import { renderView } from './pages'

/** Options of {@link buildApp}. */
export interface BffOptions extends BffAuthConfig {
  /** Sent as `x-served-by` on every response, so a test can see which process answered. */
  servedBy?: string
  /** Close each connection after its response, so a load balancer (or `node:cluster`) spreads requests. */
  closeConnections?: boolean
  /** Behind a reverse proxy: take the host and protocol from its `X-Forwarded-*` headers. Default `false`. */
  trustProxy?: boolean
}

const SESSION = 'cam_sid'
const DEVICE = 'cam_device'
const ID = /^[\w-]{43}$/
const newId = () => randomBytes(32).toString('base64url')

/** Loopback hosts get cookies without `Secure` (plain http in development); every other host gets `Secure`. */
function isLoopback(request: FastifyRequest): boolean {
  const host = request.hostname.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

function setCookie(request: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAge?: number): void {
  reply.setCookie(name, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: !isLoopback(request),
    ...(maxAge !== undefined ? { maxAge } : {}),
  })
}

/** The browser's device id and session id, made and set when missing (or malformed), a new session id when `fresh`; and its user agent as a device name. */
function ids(request: FastifyRequest, reply: FastifyReply, fresh = false): { deviceId: string; sessionId: string; deviceName?: string } {
  let deviceId = request.cookies[DEVICE]
  if (!deviceId || !ID.test(deviceId)) {
    deviceId = newId()
    setCookie(request, reply, DEVICE, deviceId, 400 * 86_400)
  }
  let sessionId = request.cookies[SESSION]
  if (fresh || !sessionId || !ID.test(sessionId)) {
    sessionId = newId()
    setCookie(request, reply, SESSION, sessionId)
  }
  const agent = request.headers['user-agent']
  return { deviceId, sessionId, ...(agent ? { deviceName: agent.slice(0, 1024) } : {}) }
}

type Body = Record<string, string | undefined>

/**
 * The BFF as a Fastify instance (not listening yet).
 *
 * @param options - pool, client and secret, Redis, trust policy
 */
export function buildApp(options: BffOptions): FastifyInstance {
  const app = Fastify({ logger: false, trustProxy: options.trustProxy ?? false })
  app.register(cookie)
  app.register(formbody)
  app.addHook('onSend', async (_request, reply) => {
    if (options.servedBy) reply.header('x-served-by', options.servedBy)
    if (options.closeConnections) reply.header('connection', 'close')
    reply.header('cache-control', 'no-store')
  })

  /** A POST that drives one step, then shows the result at GET /. */
  const post = (path: string, act: (client: AuthClient, body: Body, view: AuthView) => Promise<unknown>, freshSession = false) =>
    app.post(path, async (request, reply) => {
      const body = (request.body ?? {}) as Body
      await authStep(options, ids(request, reply, freshSession), (client, view) => act(client, body, view))
      return reply.redirect('/', 303)
    })

  app.get('/', async (request, reply) => {
    const view = await authStep(options, ids(request, reply), async (client, current) => {
      if (current.step === 'signedIn') await client.listDevices().catch(() => undefined)
    })
    return reply.type('text/html; charset=utf-8').send(renderView(view))
  })

  // A new session id at each sign-in, so a session id seen before sign-in is worth nothing after it.
  post('/sign-in', (client, body) => client.signIn({ username: body.username ?? '', password: body.password ?? '' }), true)
  post('/mfa', (client, body) => client.submitCode((body.code ?? '').trim()))
  post('/remember', (client, body) => client.rememberDevice(body.remember === 'yes'))
  post('/devices/forget', (client, body) => client.forgetDevice(body.deviceKey))
  post('/retry', (client) => client.retry())
  post('/cancel', (client) => client.cancel())
  post('/sign-out', (client, _body, view) => (view.step === 'signedIn' ? client.signOut() : client.cancel()))

  app.get('/healthz', async () => ({ ok: true }))
  return app
}
