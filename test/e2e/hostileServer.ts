// A tiny hostile Cognito: a real HTTP server on loopback that speaks AWS JSON 1.1 as Cognito does
// (POST /, X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>, a JSON body) and answers each
// operation however a test scripts it: a JSON body, a raw body (huge or malformed), an error, or nothing
// at all (the socket stays open, and the server records when the client closes it, so a test can prove
// that a request was aborted rather than abandoned). It verifies no SRP claim: it only hands out
// well-formed SRP parameters so that the client gets as far as the step under test.
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.'
const CONTENT_TYPE = 'application/x-amz-json-1.1'

/** One request the server received. */
export interface HostileRequest {
  /** The operation, from X-Amz-Target. */
  operation: string
  /** `operation`, with InitiateAuth's AuthFlow or RespondToAuthChallenge's ChallengeName: `InitiateAuth:USER_SRP_AUTH`. */
  label: string
  /** The JSON body (an empty object when it was not JSON). */
  body: Record<string, unknown>
  /** Set when the server answered. */
  answered: boolean
  /** Set when the client closed the connection before an answer was sent (the request was aborted). */
  closedUnanswered: boolean
}

/** How the server answers one request. */
export type Reply =
  | { kind: 'json'; body: unknown; status?: number }
  | { kind: 'raw'; body: string | Buffer; status?: number; contentType?: string }
  /** Never answer: keep the socket open until the client closes it (or the server stops). */
  | { kind: 'silent' }

/** A reply, or a function of the request that gives one. */
export type Script = Reply | ((request: HostileRequest) => Reply | Promise<Reply>)

export interface HostileServer {
  /** The endpoint, `http://127.0.0.1:<port>/`. */
  readonly url: string
  /** Every request, in order of arrival. */
  readonly requests: HostileRequest[]
  /** The labels of every request, in order (`InitiateAuth:USER_SRP_AUTH`, `RespondToAuthChallenge:PASSWORD_VERIFIER`, ...). */
  labels(): string[]
  /**
   * Scripts the answer to a label (`RespondToAuthChallenge:DEVICE_SRP_AUTH`) or a whole operation
   * (`ListDevices`); a label's script wins over its operation's. An unscripted request gets a 400
   * `InvalidParameterException` naming it (so a test that forgot one fails visibly).
   */
  on(labelOrOperation: string, script: Script): HostileServer
  /** Stops the server, closing every connection (including the ones kept silent). */
  close(): Promise<void>
}

/** Answers `body` as JSON, status 200 unless given. */
export const json = (body: unknown, status = 200): Reply => ({ kind: 'json', body, status })

/** Answers `body` as is, with Cognito's content type unless given. */
export const raw = (body: string | Buffer, status = 200, contentType = CONTENT_TYPE): Reply => ({ kind: 'raw', body, status, contentType })

/** Never answers. */
export const silent = (): Reply => ({ kind: 'silent' })

/** A Cognito error: 400 `{ "__type": type, "message": message }`. */
export const cognitoError = (type: string, message: string, status = 400): Reply => json({ __type: type, message }, status)

/** A random SRP_B: hex of a 3040-bit number (below the 3072-bit RFC 3526 prime, and not 0 mod N). */
export function srpB(): string {
  const bytes = randomBytes(380)
  bytes[0] = bytes[0]! | 0x80
  return bytes.toString('hex')
}

/** Well-formed SRP parameters (SRP_B, SALT, SECRET_BLOCK) of a PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER challenge. */
export function srpParameters(): { SRP_B: string; SALT: string; SECRET_BLOCK: string } {
  return { SRP_B: srpB(), SALT: randomBytes(16).toString('hex'), SECRET_BLOCK: randomBytes(1024).toString('base64') }
}

/** A challenge answer. */
export function challenge(name: string, parameters: Record<string, unknown>, session: string | null = randomSession()): Reply {
  return json({ ChallengeName: name, ChallengeParameters: parameters, ...(session === null ? {} : { Session: session }) })
}

/** InitiateAuth USER_SRP_AUTH's PASSWORD_VERIFIER challenge for `userId`, with random well-formed SRP parameters. */
export function passwordVerifier(userId: string, extra: Record<string, unknown> = {}): Reply {
  // as Cognito: no Session with PASSWORD_VERIFIER
  return challenge('PASSWORD_VERIFIER', { ...srpParameters(), USERNAME: userId, USER_ID_FOR_SRP: userId, ...extra }, null)
}

/** DEVICE_SRP_AUTH's DEVICE_PASSWORD_VERIFIER challenge, with random well-formed SRP parameters. */
export function devicePasswordVerifier(userId: string, deviceKey: string): Reply {
  return challenge('DEVICE_PASSWORD_VERIFIER', { ...srpParameters(), USERNAME: userId, DEVICE_KEY: deviceKey })
}

/** A JWT-shaped string (base64url header.payload.signature; the signature is not one). */
export function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', kid: 'hostile' })}.${part(payload)}.${randomBytes(32).toString('base64url')}`
}

/** An AuthenticationResult answer for `username`: JWT-shaped tokens, an hour, no NewDeviceMetadata; `overrides` replace fields. */
export function tokens(username: string, overrides: Record<string, unknown> = {}): Reply {
  return json({
    AuthenticationResult: {
      AccessToken: jwt({ username, token_use: 'access' }),
      IdToken: jwt({ 'cognito:username': username, token_use: 'id' }),
      RefreshToken: randomBytes(48).toString('base64url'),
      ExpiresIn: 3600,
      TokenType: 'Bearer',
      ...overrides,
    },
    ChallengeParameters: {},
  })
}

function randomSession(): string {
  return `${randomUUID()}.${randomBytes(64).toString('base64url')}`
}

function labelOf(operation: string, body: Record<string, unknown>): string {
  const detail = operation === 'InitiateAuth' ? body.AuthFlow : operation === 'RespondToAuthChallenge' ? body.ChallengeName : undefined
  return typeof detail === 'string' ? `${operation}:${detail}` : operation
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Starts a hostile server on a free loopback port. */
export async function startHostileServer(): Promise<HostileServer> {
  const scripts = new Map<string, Script>()
  const requests: HostileRequest[] = []
  const sockets = new Set<Socket>()

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined) // the client may go away mid-answer (a body it will not read whole)
    const target = req.headers['x-amz-target']
    const text = await readBody(req)
    if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
      res.writeHead(400, { 'Content-Type': CONTENT_TYPE })
      res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `not a Cognito request: ${req.method} ${target}` }))
      return
    }
    const operation = target.slice(TARGET_PREFIX.length)
    let body: Record<string, unknown> = {}
    try {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>
    } catch {
      // left empty
    }
    const request: HostileRequest = { operation, label: labelOf(operation, body), body, answered: false, closedUnanswered: false }
    requests.push(request)
    res.on('close', () => {
      if (!request.answered) request.closedUnanswered = true
    })
    const script = scripts.get(request.label) ?? scripts.get(operation)
    const reply: Reply = !script
      ? cognitoError('InvalidParameterException', `hostile server: nothing scripted for ${request.label}`)
      : typeof script === 'function'
        ? await script(request)
        : script
    if (reply.kind === 'silent') return
    const payload = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.body
    request.answered = true
    res.writeHead(reply.status ?? 200, {
      'Content-Type': reply.kind === 'raw' ? (reply.contentType ?? CONTENT_TYPE) : CONTENT_TYPE,
      'Content-Length': Buffer.byteLength(payload),
      'x-amzn-RequestId': randomUUID(),
    })
    res.end(payload)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': CONTENT_TYPE })
      res.end(JSON.stringify({ __type: 'InternalErrorException', message: `hostile server failed: ${String(error)}` }))
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', (_error, socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  const hostile: HostileServer = {
    url: `http://127.0.0.1:${port}/`,
    requests,
    labels: () => requests.map((r) => r.label),
    on(labelOrOperation, script) {
      scripts.set(labelOrOperation, script)
      return hostile
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections()
      }),
  }
  return hostile
}
