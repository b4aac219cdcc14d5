import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CognitoError, errors } from './errors'
import type { FaultSpec } from './faults'
import { Input } from './input'
import { operations } from './ops/index'
import type { Operation } from './ops/types'
import { accessPolicy, needsSignature, requireSignature, TEST_SERVER_HEADER, type AccessPolicy } from './safety'
import type { LocalState } from './store/LocalState'

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.'
const JWKS_PATH = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/jwks\.json$/

const EXPOSED_HEADERS = `x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date, ${TEST_SERVER_HEADER.name}`

/**
 * Headers every answer to this request carries: the test-server label, and CORS for an allowed origin
 * (none for another origin, so a browser keeps the answer from the page).
 */
function setCommonHeaders(policy: AccessPolicy, req: IncomingMessage, res: ServerResponse): void {
  res.setHeader(TEST_SERVER_HEADER.name, TEST_SERVER_HEADER.value)
  res.setHeader('Vary', 'Origin')
  const origin = req.headers.origin
  if (origin === undefined || !policy.originAllowed(origin)) return
  res.setHeader('Access-Control-Allow-Origin', origin)
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS)
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': String(Buffer.byteLength(text)),
    'x-amzn-RequestId': randomUUID(),
    ...extra,
  })
  res.end(text)
}

function sendError(res: ServerResponse, error: CognitoError): void {
  send(res, error.status, { __type: error.type, message: error.message }, { 'x-amzn-ErrorType': error.type })
}

/** Reads the body up to the limit; past it the rest is drained and `undefined` returned. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) over = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function parseBody(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw errors.serialization('Malformed JSON in the request body.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw errors.serialization('The request body must be a JSON object.')
  }
  return value as Record<string, unknown>
}

async function applyFault(res: ServerResponse, fault: FaultSpec | undefined): Promise<boolean> {
  if (!fault) return false
  if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs))
  if (fault.drop) {
    res.socket?.destroy()
    return true
  }
  if (fault.error !== undefined || fault.status !== undefined) {
    const type = typeof fault.error === 'string' ? fault.error : (fault.error?.type ?? 'InternalErrorException')
    const message =
      typeof fault.error === 'object' ? (fault.error.message ?? type) : type === 'TooManyRequestsException' ? 'Rate exceeded' : type
    const status = fault.status ?? (type === 'InternalErrorException' ? 500 : 400)
    sendError(res, new CognitoError(type, message, status))
    return true
  }
  return false
}

/**
 * The request handler: the `Host` allow-list, CORS preflight, the JWKS documents, and `POST /` with
 * `X-Amz-Target` (signed, for the operations Cognito authorises with IAM). Bad input of any kind is a
 * 400 with a Cognito `__type`; nothing a client sends can crash it. @internal
 */
export function createHandler(state: LocalState): (req: IncomingMessage, res: ServerResponse) => void {
  const policy = accessPolicy(state.options)
  return (req, res) => {
    setCommonHeaders(policy, req, res)
    handle(state, policy, req, res).catch((error: unknown) => {
      const known = error instanceof CognitoError ? error : new CognitoError('InternalErrorException', 'Internal server error.', 500)
      if (!(error instanceof CognitoError)) console.error('[local cognito] unexpected error', error)
      sendError(res, known)
    })
  }
}

/** Refuses a `Host` this server does not answer to (DNS rebinding), and a preflight from a page it does not serve. */
function refuseForeign(policy: AccessPolicy, req: IncomingMessage): void {
  if (!policy.hostAllowed(req.headers.host)) {
    throw new CognitoError(
      'ForbiddenException',
      `Host ${JSON.stringify(req.headers.host ?? null)} is not allowed: this local test server answers to loopback names and addresses, ` +
        'its bound host and the hosts it was started with (allowedHosts, CLI --allow-host).',
      403,
    )
  }
  const origin = req.headers.origin
  if (req.method === 'OPTIONS' && origin !== undefined && !policy.originAllowed(origin)) {
    throw new CognitoError(
      'ForbiddenException',
      `Origin ${origin} is not allowed: this local test server serves loopback pages and the origins it was started with ` +
        '(allowedOrigins, CLI --allow-origin).',
      403,
    )
  }
}

function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
    'Access-Control-Allow-Headers':
      req.headers['access-control-request-headers'] ?? 'content-type, x-amz-target, x-amz-user-agent, authorization',
    'Access-Control-Max-Age': '86400',
  })
  res.end()
}

/** `GET /{userPoolId}/.well-known/jwks.json`; anything else is a 404. */
function answerGet(state: LocalState, path: string, res: ServerResponse): void {
  const poolId = JWKS_PATH.exec(path)?.[1]
  if (poolId !== undefined && state.pools.has(poolId)) {
    send(res, 200, { keys: [state.keys.access.jwk, state.keys.id.jwk] }, { 'Content-Type': 'application/json' })
    return
  }
  send(res, 404, { __type: 'ResourceNotFoundException', message: 'Not found.' })
}

/** The operation `X-Amz-Target` names, checked for the signature Cognito would want of it. */
function operationOf(req: IncomingMessage): { name: string; operation: Operation } {
  const target = req.headers['x-amz-target']
  if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw errors.unknownOperation('Missing or unknown X-Amz-Target header.')
  }
  const name = target.slice(TARGET_PREFIX.length)
  const operation = Object.hasOwn(operations, name) ? operations[name] : undefined
  if (!operation) throw errors.unknownOperation(`Unknown operation ${name}.`)
  if (needsSignature(name)) requireSignature(req.headers)
  return { name, operation }
}

async function handle(state: LocalState, policy: AccessPolicy, req: IncomingMessage, res: ServerResponse): Promise<void> {
  refuseForeign(policy, req)
  if (req.method === 'OPTIONS') return answerPreflight(req, res)
  if (req.method === 'GET') {
    const [path = ''] = (req.url ?? '/').split('?')
    return answerGet(state, path, res)
  }
  const text = await readBody(req, state.options.maxBodyBytes)
  if (req.method !== 'POST') throw errors.unknownOperation(`Method ${req.method} is not supported.`)
  const { name, operation } = operationOf(req)
  if (text === undefined) throw errors.invalidParameter(`Request body exceeds ${state.options.maxBodyBytes} bytes.`)
  if (await applyFault(res, state.faults.take(name))) return
  const body = parseBody(text)
  const result = await operation(
    { state, ip: req.socket.remoteAddress ?? '127.0.0.1', userAgent: String(req.headers['user-agent'] ?? 'aws-sdk-unknown-unknown') },
    new Input(body),
  )
  send(res, 200, result)
}
