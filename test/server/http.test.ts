// The wire: CORS, error shapes for bad input, and fault injection. The guards of a test server (Host,
// origins, signatures, loopback) are in safety.test.ts, the command-line program in cli.test.ts.
import { GetUserCommand, InitiateAuthCommand, ListDevicesCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalCognito } from '../../src/testing'
import { failure, PASSWORD, seed, start, type Harness, type Seeded } from './helpers'

let h: Harness
let s: Seeded
beforeAll(async () => {
  h = await start({ maxBodyBytes: 64 * 1024 })
  s = await seed(h.sdk)
})
afterAll(() => h.cognito.close())

const post = (target: string | undefined, body: string, headers: Record<string, string> = {}) =>
  fetch(h.cognito.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(target ? { 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` } : {}),
      ...headers,
    },
    body,
  })

const passwordAuth = () =>
  h.sdk.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: s.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
  )

describe('HTTP', () => {
  it('answers CORS preflight from a loopback page and marks responses for it', async () => {
    const pre = await fetch(h.cognito.endpoint, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-amz-target')
    const res = await post('GetUser', '{"AccessToken":"x"}', { origin: 'http://localhost:5173' })
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(res.headers.get('access-control-expose-headers')).toContain('x-amzn-ErrorType')
  })

  it('gives 400 with the right __type and x-amzn-ErrorType for bad input', async () => {
    const cases: [string | undefined, string, string][] = [
      ['InitiateAuth', '{not json', 'SerializationException'],
      ['InitiateAuth', '[1,2]', 'SerializationException'],
      ['InitiateAuth', '{"ClientId": 5, "AuthFlow": "USER_SRP_AUTH"}', 'SerializationException'],
      ['InitiateAuth', '{"AuthFlow": "USER_SRP_AUTH"}', 'InvalidParameterException'],
      ['InitiateAuth', '{"ClientId": "x", "AuthFlow": "NOPE"}', 'InvalidParameterException'],
      ['NoSuchOperation', '{}', 'UnknownOperationException'],
      ['describePool', '{}', 'UnknownOperationException'],
      ['deviceType', '{}', 'UnknownOperationException'],
      [undefined, '{}', 'UnknownOperationException'],
      ['GetUser', `{"AccessToken":"${'a'.repeat(70_000)}"}`, 'InvalidParameterException'],
    ]
    for (const [target, body, type] of cases) {
      const res = await post(target, body)
      expect(res.status, body.slice(0, 40)).toBe(400)
      expect(res.headers.get('x-amzn-errortype')).toBe(type)
      const json = (await res.json()) as { __type: string; message: string }
      expect(json.__type).toBe(type)
      expect(typeof json.message).toBe('string')
    }
    const missing = (await (await post('InitiateAuth', '{"AuthFlow": "USER_SRP_AUTH"}')).json()) as { message: string }
    expect(missing.message).toBe(
      "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    )
  })

  it('accepts a well-formed SigV4 header with any credentials, without verifying the signature', async () => {
    const res = await post('DescribeUserPool', JSON.stringify({ UserPoolId: s.poolId }), {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'de'.repeat(32)}`,
      'x-amz-date': '20240101T000000Z',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy()
  })
})

describe('fault injection', () => {
  it('answers with a named Cognito error the given number of times', async () => {
    h.cognito.faults.inject({ operation: 'InitiateAuth', error: 'TooManyRequestsException', times: 2 })
    for (let i = 0; i < 2; i++) {
      const error = await failure(passwordAuth())
      expect(error.name).toBe('TooManyRequestsException')
      expect(error.message).toBe('Rate exceeded')
    }
    expect((await passwordAuth()).AuthenticationResult).toBeTruthy()
  })

  it('answers with a 5xx', async () => {
    h.cognito.faults.inject({ operation: 'InitiateAuth', status: 503 })
    const error = await failure(passwordAuth())
    expect(error.$metadata?.httpStatusCode).toBe(503)
    expect(error.name).toBe('InternalErrorException')
  })

  it('delays and drops connections', async () => {
    h.cognito.faults.inject({ operation: 'ListDevices', drop: true })
    const tokens = (await passwordAuth()).AuthenticationResult!
    const dropped = await failure(h.sdk.send(new ListDevicesCommand({ AccessToken: tokens.AccessToken })))
    expect(dropped.$metadata?.httpStatusCode).toBeUndefined()
    h.cognito.faults.inject({ operation: 'GetUser', delayMs: 30, error: { type: 'NotAuthorizedException', message: 'Custom' } })
    const delayed = await failure(h.sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken })))
    expect(delayed.message).toBe('Custom')
    expect(h.cognito.faults.pending).toBe(0)
    expect((await h.sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username).toBe('alice')
  })
})

describe('fault table and outbox housekeeping', () => {
  it("'*' matches every operation, clear() disarms, and outbox.clear() empties the outbox", async () => {
    h.cognito.faults.inject({ operation: '*', error: 'InternalErrorException', times: 5 })
    const error = await failure(passwordAuth())
    expect(error.name).toBe('InternalErrorException')
    expect(error.$metadata?.httpStatusCode).toBe(500)
    expect(h.cognito.faults.pending).toBe(1)
    h.cognito.faults.clear()
    expect(h.cognito.faults.pending).toBe(0)
    expect((await passwordAuth()).AuthenticationResult).toBeTruthy()
    expect(() => h.cognito.faults.inject({ operation: 'X', times: 0 })).toThrow(TypeError)
    h.cognito.outbox.clear()
    expect(h.cognito.outbox.messages).toHaveLength(0)
    expect(h.cognito.outbox.last('alice')).toBeUndefined()
  })
})

describe('options', () => {
  it('refuses a bad port, region or wrong-answer limit before listening', async () => {
    await expect(startLocalCognito({ port: -1 })).rejects.toThrow(TypeError)
    await expect(startLocalCognito({ region: 'nowhere' })).rejects.toThrow(TypeError)
    await expect(startLocalCognito({ maxWrongAnswers: 0 })).rejects.toThrow(TypeError)
  })

  it('uses the configured region in pool ids, device keys and issuers', async () => {
    const eu = await start({ region: 'eu-west-2' })
    try {
      const s = await seed(eu.sdk, { pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } } })
      expect(s.poolId).toMatch(/^eu-west-2_[0-9A-Za-z]+$/)
      const { srpSignIn } = await import('./helpers')
      const out = (await srpSignIn(eu.sdk, s, 'alice')).AuthenticationResult!
      expect(out.NewDeviceMetadata?.DeviceKey).toMatch(/^eu-west-2_[0-9a-f-]{36}$/)
    } finally {
      await eu.cognito.close()
    }
  })
})
