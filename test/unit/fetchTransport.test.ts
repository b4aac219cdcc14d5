import { describe, expect, it } from 'vitest'
import { fetchTransport } from '../../src/index'

function fakeFetch(responses: (() => Response | Promise<Response>)[], seen: { url: string; init: RequestInit }[] = []): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), init: init! })
    const next = responses.shift()
    if (!next) throw new Error('no more responses')
    return next()
  }) as typeof fetch
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
  })
const target = { region: 'eu-west-1' }
const input = { ClientId: 'c', AuthFlow: 'USER_SRP_AUTH', AuthParameters: {} }
const noWait = { sleep: async () => undefined }

describe('fetchTransport', () => {
  it('posts AWS JSON 1.1 to the regional endpoint', async () => {
    const seen: { url: string; init: RequestInit }[] = []
    const t = fetchTransport({ fetch: fakeFetch([() => json(200, { ChallengeName: 'PASSWORD_VERIFIER' })], seen) })
    expect(await t.send('InitiateAuth', input, target)).toEqual({ ChallengeName: 'PASSWORD_VERIFIER' })
    expect(seen[0]!.url).toBe('https://cognito-idp.eu-west-1.amazonaws.com/')
    expect(seen[0]!.init.headers).toMatchObject({
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      'Content-Type': 'application/x-amz-json-1.1',
    })
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual(input)
  })

  it('maps __type, the header form and 5xx without a body', async () => {
    const t = fetchTransport({
      retry: { attempts: 1 },
      fetch: fakeFetch([
        () => json(400, { __type: 'com.amazon#UserNotFoundException', message: 'User does not exist.' }),
        () => json(400, {}, { 'x-amzn-errortype': 'CodeMismatchException:http://internal' }),
        () => json(502, 'Bad gateway'),
      ]),
    })
    await expect(t.send('InitiateAuth', input, target)).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
      cause: { message: 'User does not exist.' },
    })
    await expect(t.send('InitiateAuth', input, target)).rejects.toMatchObject({ code: 'CODE_MISMATCH' })
    await expect(t.send('InitiateAuth', input, target)).rejects.toMatchObject({ code: 'INTERNAL_ERROR', retryable: true })
  })

  it('retries throttling and network failures within the bound', async () => {
    const sleeps: number[] = []
    const t = fetchTransport({
      retry: { attempts: 3, sleep: async (ms) => void sleeps.push(ms) },
      fetch: fakeFetch([
        () => json(400, { __type: 'TooManyRequestsException', message: 'Rate exceeded' }),
        () => Promise.reject(new TypeError('fetch failed')),
        () => json(200, {}),
      ]),
    })
    expect(await t.send('GlobalSignOut', { AccessToken: 'a' }, target)).toEqual({})
    expect(sleeps).toHaveLength(2)
  })

  it('does not retry client errors', async () => {
    const responses = [
      () => json(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }),
      () => json(200, {}),
    ]
    const t = fetchTransport({ retry: noWait, fetch: fakeFetch(responses) })
    await expect(t.send('InitiateAuth', input, target)).rejects.toMatchObject({ code: 'NOT_AUTHORIZED', retryable: false })
    expect(responses).toHaveLength(1)
  })

  it('uses the endpoint it is given', async () => {
    const seen: { url: string; init: RequestInit }[] = []
    const t = fetchTransport({ fetch: fakeFetch([() => json(200, {})], seen) })
    await t.send('ListDevices', { AccessToken: 'a' }, { region: 'us-east-1', endpoint: 'http://127.0.0.1:9/' })
    expect(seen[0]!.url).toBe('http://127.0.0.1:9/')
  })
})
