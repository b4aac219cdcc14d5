// The client against a hostile Cognito over real HTTP, through both transports: a server that asks for
// device authentication forever, one that never answers (timeout, cancel: the request is aborted, and the
// server sees its connection closed), oversized and mistyped fields, a huge error message, ListDevices
// dates as each transport reads them, and ForgetDevice of a key Cognito does not know.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  AuthError,
  awsSdkTransport,
  createAuthClient,
  fetchTransport,
  memoryStorage,
  type AuthClient,
  type AuthClientConfig,
  type AuthView,
  type CognitoTransport,
} from '../../src/index'
import { deviceStore, storagePrefix } from '../../src/machine/index'
import { createDeviceVerifier } from '../../src/srp'
import {
  challenge,
  cognitoError,
  devicePasswordVerifier,
  json,
  jwt,
  passwordVerifier,
  raw,
  silent,
  srpParameters,
  startHostileServer,
  tokens,
  type HostileServer,
} from './hostileServer'

const POOL = 'us-east-1_Hostile1'
const CLIENT = 'client1'
const USERNAME = 'ana'
const PASSWORD = 'correct horse 1'
const MiB = 1 << 20
/** A persisted snapshot must stay below this, whatever the server sent. */
const SNAPSHOT_LIMIT = 64 * 1024
/** An error's message and cause must stay below this, whatever the server sent. */
const ERROR_LIMIT = 2048

/** One transport of each kind for the whole file (the SDK's module and client are loaded once). */
const TRANSPORTS = { fetch: fetchTransport(), sdk: awsSdkTransport() } satisfies Record<string, CognitoTransport>
type Kind = keyof typeof TRANSPORTS

// Loads each transport's machinery (undici, the AWS SDK) before any test, so that a short timeoutMs
// measures the request, not a first import.
beforeAll(async () => {
  const server = await startHostileServer()
  server.on('InitiateAuth', cognitoError('NotAuthorizedException', 'warm-up'))
  try {
    for (const transport of Object.values(TRANSPORTS)) {
      const sent = transport.send(
        'InitiateAuth',
        { ClientId: CLIENT, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME } },
        { region: 'us-east-1', endpoint: server.url },
      )
      await expect(sent).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' })
    }
  } finally {
    await server.close()
  }
})

/** Polls `condition` until it holds (bounded: it fails the test after `ms`); no fixed sleep. */
async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  for (const deadline = Date.now() + ms; !condition();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** The view's error, checked to be a whole AuthError: its code, a boolean `retryable`, a sentence for a message. */
function errorOf(view: AuthView, code: string): AuthError {
  const error = 'error' in view ? view.error : null
  expect(error, `an error in ${JSON.stringify(view)}`).toBeInstanceOf(AuthError)
  const e = error as AuthError
  expect(e.code, `${e.code}: ${e.message} (${JSON.stringify(e.cause)})`).toBe(code)
  expect(typeof e.retryable).toBe('boolean')
  expect(e.message).toMatch(/^[A-Z].*[.!?…]$/s)
  return e
}

/** The error and the whole view stay small, and so does the persisted snapshot. */
function expectBounded(client: AuthClient, view: AuthView): void {
  const error = 'error' in view ? view.error : null
  expect(error?.message.length ?? 0).toBeLessThan(ERROR_LIMIT)
  expect(JSON.stringify(error?.cause ?? null).length).toBeLessThan(ERROR_LIMIT)
  expect(JSON.stringify(view).length).toBeLessThan(SNAPSHOT_LIMIT)
  expect(JSON.stringify(client.getPersistedSnapshot()).length).toBeLessThan(SNAPSHOT_LIMIT)
}

/** A remembered device record for ana in `storage`, as ConfirmDevice would have left it; returns its key and stored JSON. */
async function rememberDevice(storage: ReturnType<typeof memoryStorage>): Promise<{ deviceKey: string; stored: string }> {
  const deviceKey = `us-east-1_${crypto.randomUUID()}`
  const deviceGroupKey = '-hostileGroup'
  const verifier = await createDeviceVerifier({ deviceGroupKey, deviceKey })
  const record = {
    version: 1 as const,
    userId: USERNAME,
    deviceKey,
    deviceGroupKey,
    devicePassword: verifier.devicePassword,
    status: 'remembered' as const,
    confirmedAt: Date.now(),
    trustedUntil: null,
  }
  await deviceStore(storage, { userPoolId: POOL, clientId: CLIENT }).save(record, [USERNAME, USERNAME])
  const stored = await storage.getItem(deviceRecordKey())
  if (stored === null) throw new Error('the device record was not stored')
  return { deviceKey, stored }
}

function deviceRecordKey(): string {
  return `${storagePrefix({ userPoolId: POOL, clientId: CLIENT })}.device.${USERNAME}`
}

describe.each(Object.keys(TRANSPORTS) as Kind[])('a hostile Cognito (%s transport)', (kind) => {
  let server: HostileServer
  const clients: AuthClient[] = []

  beforeEach(async () => {
    server = await startHostileServer()
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.stop()
    await server.close()
  })

  function client(extra: Partial<AuthClientConfig> = {}): AuthClient & { storage: ReturnType<typeof memoryStorage> } {
    const storage = memoryStorage()
    const created = createAuthClient({
      userPoolId: POOL,
      clientId: CLIENT,
      endpoint: server.url,
      transport: TRANSPORTS[kind],
      storage,
      ...extra,
    })
    clients.push(created)
    return Object.assign(created, { storage: (extra.storage as ReturnType<typeof memoryStorage> | undefined) ?? storage })
  }

  const signIn = (c: AuthClient) => c.signIn({ username: USERNAME, password: PASSWORD })

  /** Scripts a password sign-in (PASSWORD_VERIFIER, then `next` for the claim). */
  function scriptPasswordVerifier(next: Parameters<HostileServer['on']>[1]): void {
    server.on('InitiateAuth:USER_SRP_AUTH', () => passwordVerifier(USERNAME))
    server.on('RespondToAuthChallenge:PASSWORD_VERIFIER', next)
  }

  it('a server that asks for DEVICE_SRP_AUTH again and again gets one answer, then UNEXPECTED_RESPONSE', async () => {
    const storage = memoryStorage()
    const { deviceKey } = await rememberDevice(storage)
    const c = client({ storage })
    scriptPasswordVerifier(() => challenge('DEVICE_SRP_AUTH', {}))
    server.on('RespondToAuthChallenge:DEVICE_SRP_AUTH', () => challenge('DEVICE_SRP_AUTH', {}))
    const view = await signIn(c)
    expect(view.step).toBe('signedOut')
    errorOf(view, 'UNEXPECTED_RESPONSE')
    expectBounded(c, view)
    expect(server.labels()).toEqual([
      'InitiateAuth:USER_SRP_AUTH',
      'RespondToAuthChallenge:PASSWORD_VERIFIER',
      'RespondToAuthChallenge:DEVICE_SRP_AUTH',
    ])
    // the device was presented, and its SRP answered once
    expect(server.requests[0]?.body).toMatchObject({ AuthParameters: { DEVICE_KEY: deviceKey } })
    expect(server.requests[2]?.body).toMatchObject({ ChallengeResponses: { DEVICE_KEY: deviceKey, USERNAME } })
    expect(c.getView()).toBe(view)
  })

  it('a silent server: the request times out (NETWORK_ERROR, retryable) and is aborted', { timeout: 60_000 }, async () => {
    const c = client({ timeoutMs: 300 })
    server.on('InitiateAuth', silent())
    const view = await signIn(c)
    expect(view.step).toBe('signedOut')
    const error = errorOf(view, 'NETWORK_ERROR')
    expect(error.retryable).toBe(true)
    expectBounded(c, view)
    await until(() => server.requests[0]?.closedUnanswered === true, 'the server sees the InitiateAuth connection closed')
    expect(server.labels()).toEqual(['InitiateAuth:USER_SRP_AUTH'])
  })

  it('cancel() while InitiateAuth hangs: signedOut without an error, and the request is aborted', { timeout: 60_000 }, async () => {
    const c = client({ timeoutMs: 600_000 })
    server.on('InitiateAuth', silent())
    const signingIn = signIn(c)
    await until(() => server.requests.length === 1, 'InitiateAuth reaches the server')
    const view = await c.cancel()
    expect(view).toMatchObject({ step: 'signedOut', error: null })
    expect(await signingIn).toMatchObject({ step: 'signedOut', error: null })
    await until(() => server.requests[0]?.closedUnanswered === true, 'the server sees the InitiateAuth connection closed')
    expect(server.labels()).toEqual(['InitiateAuth:USER_SRP_AUTH'])
    expect(c.storage.size).toBe(0)
  })

  /** Answers a field cannot survive: each must end the sign-in with a typed UNEXPECTED_RESPONSE. */
  const HOSTILE_ANSWERS: { name: string; script: (s: HostileServer) => void; calls: string[] }[] = [
    {
      name: 'an SRP_B of 16 MiB (a 16 MiB body)',
      script: (s) => {
        const p = srpParameters()
        const head = `{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"${p.SALT}","SECRET_BLOCK":"${p.SECRET_BLOCK}",`
        const userId = `"USERNAME":"${USERNAME}","USER_ID_FOR_SRP":"${USERNAME}","SRP_B":"`
        s.on('InitiateAuth', raw(head + userId + 'f'.repeat(16 * MiB) + '"}}'))
      },
      calls: ['InitiateAuth:USER_SRP_AUTH'],
    },
    {
      name: 'an SRP_B of 2,000 hex digits (a small body)',
      script: (s) => s.on('InitiateAuth', () => passwordVerifier(USERNAME, { SRP_B: 'f'.repeat(2000) })),
      calls: ['InitiateAuth:USER_SRP_AUTH'],
    },
    {
      name: 'a SECRET_BLOCK of 32 MiB',
      script: (s) => {
        const p = srpParameters()
        const head = `{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"${p.SALT}","SRP_B":"${p.SRP_B}",`
        const userId = `"USERNAME":"${USERNAME}","USER_ID_FOR_SRP":"${USERNAME}","SECRET_BLOCK":"`
        s.on('InitiateAuth', raw(head + userId + 'QUJD'.repeat(8 * MiB) + '"}}'))
      },
      calls: ['InitiateAuth:USER_SRP_AUTH'],
    },
    {
      name: 'CODE_DELIVERY_DESTINATION an object in SMS_MFA',
      script: (s) => {
        s.on('InitiateAuth', () => passwordVerifier(USERNAME))
        s.on('RespondToAuthChallenge:PASSWORD_VERIFIER', () =>
          challenge('SMS_MFA', {
            CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
            CODE_DELIVERY_DESTINATION: { toString: '+*******1234', length: 12 },
          }),
        )
      },
      calls: ['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER'],
    },
    {
      name: 'ExpiresIn: 1e308',
      script: (s) => {
        s.on('InitiateAuth', () => passwordVerifier(USERNAME))
        s.on('RespondToAuthChallenge:PASSWORD_VERIFIER', () => tokens(USERNAME, { ExpiresIn: 1e308 }))
      },
      calls: ['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER'],
    },
    {
      name: 'an AccessToken that is not a string',
      script: (s) => {
        s.on('InitiateAuth', () => passwordVerifier(USERNAME))
        s.on('RespondToAuthChallenge:PASSWORD_VERIFIER', () => tokens(USERNAME, { AccessToken: { jwt: jwt({ username: USERNAME }) } }))
      },
      calls: ['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER'],
    },
    {
      name: 'an AccessToken that is a number',
      script: (s) => {
        s.on('InitiateAuth', () => passwordVerifier(USERNAME))
        s.on('RespondToAuthChallenge:PASSWORD_VERIFIER', () => tokens(USERNAME, { AccessToken: 12345 }))
      },
      calls: ['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER'],
    },
    {
      name: 'ChallengeParameters with 10,000 entries',
      script: (s) => {
        const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`P${i}`, `v${i}`]))
        s.on('InitiateAuth', () => passwordVerifier(USERNAME, many))
      },
      calls: ['InitiateAuth:USER_SRP_AUTH'],
    },
    {
      name: 'a body that is not JSON (truncated)',
      script: (s) => s.on('InitiateAuth', raw('{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SRP_B":"ab')),
      calls: ['InitiateAuth:USER_SRP_AUTH'],
    },
    {
      name: 'a body that is not JSON (an HTML page)',
      script: (s) => s.on('InitiateAuth', raw('<html><body><h1>It works!</h1></body></html>', 200, 'text/html')),
      calls: ['InitiateAuth:USER_SRP_AUTH'],
    },
    {
      name: 'a 200 with an empty body for InitiateAuth',
      script: (s) => s.on('InitiateAuth', raw('')),
      calls: ['InitiateAuth:USER_SRP_AUTH'],
    },
  ]

  it.each(HOSTILE_ANSWERS)(
    '$name: UNEXPECTED_RESPONSE, a small snapshot, nothing stored',
    { timeout: 60_000 },
    async ({ script, calls }) => {
      const c = client()
      script(server)
      const view = await signIn(c)
      expect(view.step).toBe('signedOut')
      const error = errorOf(view, 'UNEXPECTED_RESPONSE')
      expect(error.message).not.toMatch(/call stack/i)
      expect(JSON.stringify(error.cause ?? null)).not.toMatch(/call stack/i)
      expectBounded(c, view)
      expect(server.labels()).toEqual(calls)
      // no session was kept behind a signedOut view
      expect(c.storage.size).toBe(0)
      expect(await c.getTokens()).toBeNull()
    },
  )

  it.each([
    { name: 'a 1 MiB message', length: MiB },
    { name: 'a message just under 1 MiB', length: MiB - 200 },
  ])('an error response with $name: the error stays short', { timeout: 60_000 }, async ({ length }) => {
    const c = client()
    const sentence = 'Incorrect username or password. '
    const message = sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length)
    server.on('InitiateAuth', cognitoError('NotAuthorizedException', message))
    const view = await signIn(c)
    expect(view.step).toBe('signedOut')
    const error = 'error' in view ? view.error : null
    expect(error).toBeInstanceOf(AuthError)
    expect(['NOT_AUTHORIZED', 'UNEXPECTED_RESPONSE'], `${error?.code}: ${error?.message}`).toContain(error?.code)
    expectBounded(c, view)
    expect(server.labels()).toEqual(['InitiateAuth:USER_SRP_AUTH'])
  })

  it('listDevices: dates in epoch seconds become epoch milliseconds', async () => {
    const c = client()
    scriptPasswordVerifier(() => tokens(USERNAME))
    expect(await signIn(c)).toMatchObject({ step: 'signedIn', userId: USERNAME, error: null })
    const otherKey = `us-east-1_${crypto.randomUUID()}`
    server.on(
      'ListDevices',
      json({
        Devices: [
          {
            DeviceKey: otherKey,
            DeviceAttributes: [
              { Name: 'device_name', Value: 'laptop' },
              { Name: 'dev:device_remembered_status', Value: 'remembered' },
            ],
            DeviceCreateDate: 1715100000.5,
            DeviceLastAuthenticatedDate: 1715100742.022,
            DeviceLastModifiedDate: 1715100742.022,
          },
        ],
      }),
    )
    const view = await c.listDevices()
    expect(view).toMatchObject({ step: 'signedIn', error: null })
    if (view.step !== 'signedIn') return
    expect(view.devices).toEqual([
      {
        deviceKey: otherKey,
        name: 'laptop',
        status: 'remembered',
        createdAt: 1715100000500,
        lastAuthenticatedAt: 1715100742022,
        current: false,
      },
    ])
    for (const device of view.devices ?? []) {
      expect(typeof device.createdAt).toBe('number')
      expect(typeof device.lastAuthenticatedAt).toBe('number')
    }
    expect(JSON.parse(JSON.stringify(view.devices))).toEqual(view.devices)
    expect(server.requests.at(-1)?.body).toMatchObject({ AccessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) })
  })

  it('forgetDevice of a key Cognito does not know: RESOURCE_NOT_FOUND in signedIn; this device’s record is untouched', async () => {
    const storage = memoryStorage()
    const { deviceKey, stored } = await rememberDevice(storage)
    const c = client({ storage })
    scriptPasswordVerifier(() => challenge('DEVICE_SRP_AUTH', {}))
    server.on('RespondToAuthChallenge:DEVICE_SRP_AUTH', () => devicePasswordVerifier(USERNAME, deviceKey))
    server.on('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER', () => tokens(USERNAME))
    const signedIn = await signIn(c)
    expect(signedIn, server.labels().join()).toMatchObject({ step: 'signedIn', error: null, device: { deviceKey } })
    const otherKey = `us-east-1_${crypto.randomUUID()}`
    server.on('ForgetDevice', cognitoError('ResourceNotFoundException', 'Device does not exist.'))
    const view = await c.forgetDevice(otherKey)
    expect(view.step).toBe('signedIn')
    const error = errorOf(view, 'RESOURCE_NOT_FOUND')
    expect(error.retryable).toBe(false)
    expect(view).toMatchObject({ device: { deviceKey }, busy: null })
    expectBounded(c, view)
    expect(server.requests.at(-1)).toMatchObject({ label: 'ForgetDevice', body: { DeviceKey: otherKey } })
    // this client's own record: byte for byte as it was
    expect(await storage.getItem(deviceRecordKey())).toBe(stored)
    expect(server.labels()).toEqual([
      'InitiateAuth:USER_SRP_AUTH',
      'RespondToAuthChallenge:PASSWORD_VERIFIER',
      'RespondToAuthChallenge:DEVICE_SRP_AUTH',
      'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER',
      'ForgetDevice',
    ])
  })
})
