// The client's contract where a UI meets it: subscribe starts it and sends each distinct view once,
// getView is stable, a bad time limit is refused, JSON from storage is read by own properties only.
import { describe, expect, it } from 'vitest'
import { createAuthClient, type AuthView, type CognitoTransport } from '../../src/index'
import { parseDeviceRecord, updateTrustAttribute } from '../../src/machine/index'
import { parseTrustMap } from '../../src/device/trustMap'

const POOL = 'us-east-1_Contract1'
const CLIENT = 'client1'
const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`
const tokens = { AuthenticationResult: { AccessToken: jwt({ username: 'ana' }), IdToken: jwt({}), RefreshToken: 'r', ExpiresIn: 3600 } }

describe('subscribe and getView', () => {
  it('subscribe starts the client (a UI never calls start) and sends each distinct view once', async () => {
    const transport: CognitoTransport = { send: async () => tokens as never }
    const client = createAuthClient({ userPoolId: POOL, clientId: CLIENT, transport, authFlow: 'USER_PASSWORD_AUTH' })
    const seen: AuthView[] = []
    const unsubscribe = client.subscribe((view) => seen.push(view))
    await client.signIn({ username: 'ana', password: 'pw-123456' })
    await client.getTokens() // a CHECK that changes nothing on screen sends nothing
    unsubscribe()
    const steps = seen.map((v) => (v.step === 'working' ? `working:${v.doing}` : v.step))
    expect(steps).toEqual(['working:restoring', 'signedOut', 'working:signingIn', 'signedIn'])
    // distinct: no two consecutive views are equal
    for (let i = 1; i < seen.length; i++) expect(JSON.stringify(seen[i])).not.toBe(JSON.stringify(seen[i - 1]))
    expect(client.getView()).toBe(seen.at(-1))
    client.stop()
  })

  it('the view carries the commands, and they are the client’s own', async () => {
    const client = createAuthClient({ userPoolId: POOL, clientId: CLIENT, transport: { send: async () => tokens as never } })
    client.start()
    const view = client.getView()
    expect(view.signIn).toBe(client.signIn)
    expect(view.cancel).toBe(client.cancel)
    client.stop()
    await expect(client.signIn({ username: 'ana', password: 'x' })).rejects.toMatchObject({ code: 'INVALID_STATE' })
  })

  it('refuses a time limit that is not a positive number of milliseconds', () => {
    for (const timeoutMs of [0, -1, Number.NaN, Infinity, 2 ** 31]) {
      expect(() => createAuthClient({ userPoolId: POOL, clientId: CLIENT, timeoutMs }), String(timeoutMs)).toThrow(/timeoutMs/)
    }
    expect(() => createAuthClient({ userPoolId: POOL, clientId: CLIENT, authSessionMinutes: 0 })).toThrow(/authSessionMinutes/)
  })
})

describe('JSON from outside is read by own properties only', () => {
  const record = {
    version: 1,
    userId: 'ana',
    deviceKey: 'us-east-1_0f0e0d0c-0000-4000-8000-000000000001',
    deviceGroupKey: '-g',
    devicePassword: 'c2VjcmV0',
    status: 'remembered',
    confirmedAt: 1,
    trustedUntil: null,
  }

  it('a stored device record with a field named like an Object.prototype member is refused whole', () => {
    expect(parseDeviceRecord(JSON.stringify(record), 'ana').ok).toBe(true)
    for (const extra of ['constructor', 'toString', '__proto__']) {
      const text = JSON.stringify(record).replace(/}$/, `,"${extra}":1}`)
      expect(parseDeviceRecord(text, 'ana'), extra).toMatchObject({ ok: false })
    }
  })

  it('the trust map keeps a device key named __proto__ as data, never as the map’s prototype', () => {
    const map = parseTrustMap('{"__proto__":{"polluted":1},"us-east-1_a":1790000000,"constructor":5}')
    expect(map).not.toBeNull()
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype)
    expect(map).toMatchObject({ 'us-east-1_a': 1790000000, constructor: 5 })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(JSON.parse(updateTrustAttribute('{"constructor":5}', 'us-east-1_b', 1_800_000_000_000))).toEqual({
      constructor: 5,
      'us-east-1_b': 1_800_000_000,
    })
  })
})
