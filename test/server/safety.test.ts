// A test server, and guarded as one: IAM-authorised operations need a SigV4 signature (any credentials),
// CORS only for loopback pages and listed origins, a Host allow-list against DNS rebinding, loopback
// unless remote access is asked for, and a label on every answer.
import { request, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListDevicesCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateDeviceStatusCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  AdminListUserAuthEventsCommand,
  AdminUpdateAuthEventFeedbackCommand,
  ConfirmDeviceCommand,
  CreateGroupCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startLocalCognito } from '../../src/testing'
import { operations } from '../../src/testing/ops/index'
import { deviceConfig, failure, PASSWORD, sdkSigns, seed, srpSignIn, start, type Harness, type Seeded } from './helpers'

const EVIL = 'https://evil.example'
const LABEL = 'test server, not Amazon Cognito'

let h: Harness
let s: Seeded
beforeAll(async () => {
  h = await start()
  s = await seed(h.sdk)
})
afterAll(() => h.cognito.close())

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  json: { __type?: string; message?: string; [key: string]: unknown }
}

/** One request over node:http, which (unlike fetch) may send any Host header. */
function raw(
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
  endpoint = h.cognito.endpoint,
): Promise<Answer> {
  const url = new URL(endpoint)
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: options.path ?? '/', method: options.method ?? 'POST', headers: options.headers ?? {} },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : {} }))
      },
    )
    req.on('error', reject)
    req.end(options.body ?? '')
  })
}

const target = (operation: string) => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
})

const preflight = (origin: string, endpoint?: string) =>
  raw(
    {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' },
    },
    endpoint,
  )

const authorization = (credential: string, signedHeaders = 'host;x-amz-date', signature = 'ab'.repeat(32)) =>
  `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${signature}`

describe('a page on another origin', () => {
  it('cannot set a password: its preflight is refused, and the unsigned call itself is refused too; nothing changes', async () => {
    const s = await seed(h.sdk) // a pool of its own, so that a failure here leaves the other tests' user alone
    const pre = await preflight(EVIL)
    expect(pre.status).toBe(403)
    expect(pre.headers['access-control-allow-origin']).toBeUndefined()

    // What a client that skips CORS would send: the same call, unsigned.
    const hijack = JSON.stringify({ UserPoolId: s.poolId, Username: 'alice', Password: 'Hijacked-9!', Permanent: true })
    const res = await raw({ headers: { origin: EVIL, ...target('AdminSetUserPassword') }, body: hijack })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' })
    expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException')
    expect(res.headers['access-control-allow-origin']).toBeUndefined()

    expect((await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult?.AccessToken).toBeTruthy()
    expect((await failure(srpSignIn(h.sdk, s, 'alice', { password: 'Hijacked-9!' }))).name).toBe('NotAuthorizedException')
  })
})

describe('SigV4 for the operations Cognito authorises with IAM', () => {
  it('requires a signature exactly where the AWS SDK model signs, for every operation the server implements', async () => {
    const names = Object.keys(operations)
    expect(names.length).toBeGreaterThan(50)
    const iam: string[] = []
    for (const name of names) {
      const res = await raw({ headers: target(name), body: '{}' })
      const refused = res.json.__type === 'MissingAuthenticationTokenException'
      expect(refused, name).toBe(sdkSigns(h.sdk, name))
      if (refused) iam.push(name)
    }
    expect(iam).toEqual(
      expect.arrayContaining(['AdminSetUserPassword', 'CreateUserPool', 'DescribeUserPool', 'ListUsers', 'SetUserPoolMfaConfig']),
    )
    expect(iam).not.toContain('InitiateAuth')
  })

  it('takes the user operations unsigned, as an app calls them', async () => {
    const tokens = (await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult!
    for (const [operation, body] of [
      ['GetUser', { AccessToken: tokens.AccessToken }],
      ['ListDevices', { AccessToken: tokens.AccessToken }],
      ['UpdateUserAttributes', { AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'name', Value: 'Alice' }] }],
      ['RevokeToken', { Token: tokens.RefreshToken, ClientId: s.clientId }],
    ] as const) {
      const res = await raw({ headers: target(operation), body: JSON.stringify(body) })
      expect(res.status, operation).toBe(200)
    }
  })

  it('refuses a malformed signature as IncompleteSignatureException and accepts any well-formed one', async () => {
    const body = JSON.stringify({ UserPoolId: s.poolId })
    const date = '20260102T030405Z'
    const good = 'local/20260102/us-east-1/cognito-idp/aws4_request'
    const cases: [Record<string, string>, string][] = [
      [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}`, 'x-amz-date': date }, 'IncompleteSignatureException'],
      [{ authorization: 'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00', 'x-amz-date': date }, 'IncompleteSignatureException'],
      [{ authorization: authorization('local/20260102/us-east-1/s3/aws4_request'), 'x-amz-date': date }, 'IncompleteSignatureException'],
      [
        { authorization: authorization('local/2026-01-02/us-east-1/cognito-idp/aws4_request'), 'x-amz-date': date },
        'IncompleteSignatureException',
      ],
      [{ authorization: authorization(good, 'content-type'), 'x-amz-date': date }, 'IncompleteSignatureException'],
      [{ authorization: authorization(good, undefined, 'not-hex'), 'x-amz-date': date }, 'IncompleteSignatureException'],
      [{ authorization: authorization(good) }, 'IncompleteSignatureException'],
      [{ authorization: authorization(good), 'x-amz-date': '20260103T000000Z' }, 'IncompleteSignatureException'],
    ]
    for (const [headers, type] of cases) {
      const res = await raw({ headers: { ...target('DescribeUserPool'), ...headers }, body })
      expect(res.status, headers.authorization).toBe(400)
      expect(res.json.__type, headers.authorization).toBe(type)
    }
    const signed = await raw({ headers: { ...target('DescribeUserPool'), authorization: authorization(good), 'x-amz-date': date }, body })
    expect(signed.status).toBe(200)
    expect((signed.json.UserPool as { Id: string }).Id).toBe(s.poolId)
  })

  it('lets the AWS SDK, signing with dummy credentials, drive every Admin operation the server implements', async () => {
    const driven = new Set<string>()
    const send = <T>(command: { constructor: { name: string } }): Promise<T> => {
      driven.add(command.constructor.name.replace(/Command$/, ''))
      return h.sdk.send(command as never) as Promise<T>
    }
    const pool = await seed(h.sdk, {
      pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true }, UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } },
      users: [],
    })
    const UserPoolId = pool.poolId
    const Username = 'bob'
    await send(new AdminCreateUserCommand({ UserPoolId, Username, TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS' }))
    expect((await send<{ UserStatus: string }>(new AdminGetUserCommand({ UserPoolId, Username }))).UserStatus).toBe('FORCE_CHANGE_PASSWORD')
    const started = await send<{ ChallengeName: string; Session: string }>(
      new AdminInitiateAuthCommand({
        UserPoolId,
        ClientId: pool.clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: Username, PASSWORD: 'Temp-Passw0rd!' },
      }),
    )
    expect(started.ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
    const answered = await send<{ AuthenticationResult: { AccessToken: string; NewDeviceMetadata: { DeviceKey: string } } }>(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId,
        ClientId: pool.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: started.Session,
        ChallengeResponses: { USERNAME: Username, NEW_PASSWORD: PASSWORD },
      }),
    )
    const tokens = answered.AuthenticationResult
    const { config } = await deviceConfig(tokens.NewDeviceMetadata)
    const DeviceKey = tokens.NewDeviceMetadata.DeviceKey
    await h.sdk.send(new ConfirmDeviceCommand({ AccessToken: tokens.AccessToken, DeviceKey, DeviceSecretVerifierConfig: config }))
    expect((await send<{ Devices: unknown[] }>(new AdminListDevicesCommand({ UserPoolId, Username }))).Devices).toHaveLength(1)
    await send(new AdminUpdateDeviceStatusCommand({ UserPoolId, Username, DeviceKey, DeviceRememberedStatus: 'remembered' }))
    expect(
      (await send<{ Device: { DeviceKey: string } }>(new AdminGetDeviceCommand({ UserPoolId, Username, DeviceKey }))).Device.DeviceKey,
    ).toBe(DeviceKey)
    await send(new AdminForgetDeviceCommand({ UserPoolId, Username, DeviceKey }))
    await send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: 'Other-Passw0rd!', Permanent: true }))
    await send(new AdminUpdateUserAttributesCommand({ UserPoolId, Username, UserAttributes: [{ Name: 'name', Value: 'Bob' }] }))
    await send(new AdminDeleteUserAttributesCommand({ UserPoolId, Username, UserAttributeNames: ['name'] }))
    await send(new AdminSetUserMFAPreferenceCommand({ UserPoolId, Username, SMSMfaSettings: { Enabled: false } }))
    await send(new CreateGroupCommand({ UserPoolId, GroupName: 'staff' }))
    await send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'staff' }))
    expect((await send<{ Groups: { GroupName: string }[] }>(new AdminListGroupsForUserCommand({ UserPoolId, Username }))).Groups).toEqual([
      expect.objectContaining({ GroupName: 'staff' }),
    ])
    await send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username, GroupName: 'staff' }))
    await send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username }))
    const { AuthEvents } = await send<{ AuthEvents: { EventId: string; EventType: string }[] }>(
      new AdminListUserAuthEventsCommand({ UserPoolId, Username }),
    )
    expect(AuthEvents.map((e) => e.EventType)).toEqual(['SignIn'])
    await send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId, Username, EventId: AuthEvents[0]!.EventId, FeedbackValue: 'Valid' }))
    await send(new AdminDisableUserCommand({ UserPoolId, Username }))
    await send(new AdminEnableUserCommand({ UserPoolId, Username }))
    await h.sdk.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'carol', Password: PASSWORD }))
    await send(new AdminConfirmSignUpCommand({ UserPoolId, Username: 'carol' }))
    await send(new AdminDeleteUserCommand({ UserPoolId, Username }))
    expect((await failure(h.sdk.send(new AdminGetUserCommand({ UserPoolId, Username })))).name).toBe('UserNotFoundException')

    const adminOperations = Object.keys(operations).filter((name) => name.startsWith('Admin'))
    expect(adminOperations.length).toBeGreaterThanOrEqual(20)
    expect([...driven].sort()).toEqual(expect.arrayContaining(adminOperations.sort()))
  })
})

describe('CORS', () => {
  it('serves loopback pages: the preflight and the answer name the page origin', async () => {
    for (const origin of [
      'http://localhost:5173',
      'http://127.0.0.1:8080',
      'http://[::1]:3000',
      'https://localhost:8443',
      'http://localhost',
    ]) {
      const pre = await preflight(origin)
      expect(pre.status, origin).toBe(204)
      expect(pre.headers['access-control-allow-origin'], origin).toBe(origin)
      const res = await raw({ headers: { origin, ...target('InitiateAuth') }, body: '{}' })
      expect(res.headers['access-control-allow-origin'], origin).toBe(origin)
      expect(res.headers.vary).toBe('Origin')
    }
  })

  it('refuses other pages: no Access-Control-Allow-Origin, and a 403 preflight', async () => {
    for (const origin of [
      EVIL,
      'http://localhost.evil.example',
      'http://127.0.0.1.nip.io:8080',
      'null',
      'http://192.168.1.20:5173',
      'file://',
    ]) {
      const pre = await preflight(origin)
      expect(pre.status, origin).toBe(403)
      expect(pre.json.__type, origin).toBe('ForbiddenException')
      expect(pre.headers['access-control-allow-origin'], origin).toBeUndefined()
      const res = await raw({ headers: { origin, ...target('InitiateAuth') }, body: '{}' })
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined()
    }
  })

  it('serves the origins listed in allowedOrigins, exactly', async () => {
    const other = await startLocalCognito({ allowedOrigins: ['https://app.test:8443', 'http://devbox.lan:5173'] })
    try {
      for (const origin of ['https://app.test:8443', 'http://devbox.lan:5173']) {
        expect((await preflight(origin, other.endpoint)).headers['access-control-allow-origin']).toBe(origin)
      }
      for (const origin of ['https://app.test:8444', 'http://app.test:8443', 'https://sub.app.test:8443']) {
        expect((await preflight(origin, other.endpoint)).status, origin).toBe(403)
      }
    } finally {
      await other.close()
    }
  })
})

describe('Host allow-list (DNS rebinding)', () => {
  const port = () => new URL(h.cognito.endpoint).port

  it('answers loopback names and addresses and refuses any other Host with a 403 in AWS JSON shape', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`, '127.0.0.1', `LOCALHOST:${port()}`]) {
      const res = await raw({ headers: { host, ...target('InitiateAuth') }, body: '{}' })
      expect(res.status, host).toBe(400) // past the guard: the operation itself refuses the empty body
      expect(res.json.__type, host).toBe('InvalidParameterException')
    }
    for (const host of [`evil.example:${port()}`, `localhost.evil.example:${port()}`, `127.0.0.1.nip.io:${port()}`, '10.0.0.8']) {
      const res = await raw({ headers: { host, ...target('InitiateAuth') }, body: '{}' })
      expect(res.status, host).toBe(403)
      expect(res.json.__type, host).toBe('ForbiddenException')
      expect(res.json.message, host).toContain('not allowed')
      expect(res.headers['x-amzn-errortype'], host).toBe('ForbiddenException')
    }
  })

  it('refuses a rebound name before any operation runs, even a signed one', async () => {
    const body = JSON.stringify({ UserPoolId: s.poolId, Username: 'alice', Password: 'Rebound-9!', Permanent: true })
    const res = await raw({
      headers: {
        host: `attacker.example:${port()}`,
        ...target('AdminSetUserPassword'),
        authorization: authorization('local/20260102/us-east-1/cognito-idp/aws4_request'),
        'x-amz-date': '20260102T030405Z',
      },
      body,
    })
    expect(res.status).toBe(403)
    expect((await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult).toBeTruthy()
  })

  it('answers the names listed in allowedHosts', async () => {
    const other = await startLocalCognito({ allowedHosts: ['devbox.lan', '192.168.1.20'] })
    try {
      const p = new URL(other.endpoint).port
      for (const host of [`devbox.lan:${p}`, 'DEVBOX.LAN', `192.168.1.20:${p}`]) {
        expect((await raw({ headers: { host, ...target('InitiateAuth') }, body: '{}' }, other.endpoint)).status, host).toBe(400)
      }
      expect((await raw({ headers: { host: `other.lan:${p}`, ...target('InitiateAuth') }, body: '{}' }, other.endpoint)).status).toBe(403)
    } finally {
      await other.close()
    }
  })
})

describe('loopback unless asked', () => {
  it('refuses to listen on a non-loopback host without allowRemote, naming the option', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
      await expect(startLocalCognito({ host }), host).rejects.toThrow(TypeError)
      await expect(startLocalCognito({ host }), host).rejects.toThrow(/not a loopback address.*allowRemote: true/)
    }
  })

  it('listens on 0.0.0.0 with allowRemote and warns on stderr', async () => {
    const written: string[] = []
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true))
    let remote
    try {
      remote = await startLocalCognito({ host: '0.0.0.0', allowRemote: true })
    } finally {
      spy.mockRestore()
    }
    try {
      expect(written.join('')).toMatch(/WARNING: listening on 0\.0\.0\.0.*test server, not Amazon Cognito/)
      const { port } = new URL(remote.endpoint)
      expect((await raw({ headers: target('InitiateAuth'), body: '{}' }, `http://127.0.0.1:${port}/`)).status).toBe(400)
    } finally {
      await remote.close()
    }
  })

  it('stays quiet on loopback', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      const local = await startLocalCognito({ host: 'localhost' })
      await local.close()
      expect(spy).not.toHaveBeenCalled()
    } finally {
      spy.mockRestore()
    }
  })

  it('refuses malformed origins and hosts with a TypeError', async () => {
    await expect(startLocalCognito({ allowedOrigins: ['https://app.test/path'] })).rejects.toThrow(/allowedOrigins.*not an origin/)
    await expect(startLocalCognito({ allowedOrigins: ['app.test'] })).rejects.toThrow(TypeError)
    await expect(startLocalCognito({ allowedOrigins: 'https://app.test' as never })).rejects.toThrow(TypeError)
    await expect(startLocalCognito({ allowedHosts: ['http://devbox.lan'] })).rejects.toThrow(/allowedHosts/)
    await expect(startLocalCognito({ allowedHosts: ['devbox.lan:8080'] })).rejects.toThrow(TypeError)
    await expect(startLocalCognito({ allowRemote: 'yes' as never })).rejects.toThrow(TypeError)
  })
})

describe('the test-server label', () => {
  const labelled = (res: Answer) => expect(res.headers['x-local-cognito']).toBe(LABEL)

  it('is on every kind of answer', async () => {
    labelled(await raw({ headers: target('DescribeUserPool'), body: '{}' })) // unsigned
    labelled(await raw({ headers: target('InitiateAuth'), body: '{not json' })) // bad input
    labelled(await raw({ headers: target('NoSuchOperation'), body: '{}' }))
    labelled(await raw({ headers: { ...target('InitiateAuth'), host: 'evil.example' }, body: '{}' })) // foreign Host
    labelled(await preflight('http://localhost:5173'))
    labelled(await preflight(EVIL))
    labelled(await raw({ method: 'GET', path: `/${s.poolId}/.well-known/jwks.json` }))
    labelled(await raw({ method: 'GET', path: '/nothing' }))
    const tokens = (await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult!
    labelled(await raw({ headers: target('GetUser'), body: JSON.stringify({ AccessToken: tokens.AccessToken }) })) // 200
    h.cognito.faults.inject({ operation: 'GetUser', status: 503 })
    const faulted = await raw({ headers: target('GetUser'), body: JSON.stringify({ AccessToken: tokens.AccessToken }) })
    expect(faulted.status).toBe(503)
    labelled(faulted)
  })

  it('is on the answer to a request that is not HTTP at all', async () => {
    const { port } = new URL(h.cognito.endpoint)
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('NOT HTTP\r\n\r\n'))
      let text = ''
      socket.on('data', (d) => (text += d.toString()))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(answer).toMatch(/^HTTP\/1\.1 400/)
    expect(answer).toContain(`x-local-cognito: ${LABEL}`)
  })

  it('is exposed to loopback pages', async () => {
    const res = await raw({ headers: { origin: 'http://localhost:5173', ...target('InitiateAuth') }, body: '{}' })
    expect(res.headers['access-control-expose-headers']).toContain('x-local-cognito')
  })
})
