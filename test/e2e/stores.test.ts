import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthClient, fetchTransport, type AuthStorage } from '../../src/index'
import { startHarness, TRANSPORTS, type Harness } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => h.close())

const PASSWORD = 'correct horse 1'

/** A storage in a Map whose keys the test can read. */
function mapStorage(): AuthStorage & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  }
}

/** What each key holds: a device record, a username's alias to its user id (kept with the device records), or other. */
const kinds = (map: Map<string, string>) =>
  [...map.keys()].map((key) => (key.includes('.device.') ? 'device' : key.includes('.alias.') ? 'alias' : 'other'))

describe.each(TRANSPORTS)('device records apart from the tokens (%s)', (kind) => {
  it('device records go to deviceStorage, tokens to storage; a new session store with the same device store skips MFA', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'always' })
    await h.user(pool, 'ds1', PASSWORD)
    const secret = await h.enrolTotp(pool, 'ds1', PASSWORD)
    const sessions = mapStorage()
    const devices = mapStorage()
    const first = h.client(pool, kind, { storage: sessions, deviceStorage: devices })
    expect(await first.signIn({ username: 'ds1', password: PASSWORD })).toMatchObject({ step: 'mfaCode' })
    expect(await first.submitCode(h.code(secret))).toMatchObject({ step: 'signedIn', device: { status: 'remembered' } })
    expect(kinds(devices.map).sort()).toEqual(['alias', 'device'])
    expect(kinds(sessions.map)).toEqual(['other'])
    expect(JSON.stringify([...sessions.map.values()])).toContain('accessToken')
    expect(JSON.stringify([...devices.map.values()])).not.toMatch(/accessToken|refreshToken/)
    await first.signOut()

    // another session (a new browser session, a new server session) on the same device records
    const second = h.client(pool, kind, { storage: mapStorage(), deviceStorage: devices })
    expect(await second.signIn({ username: 'ds1', password: PASSWORD })).toMatchObject({ step: 'signedIn' })
    // a device store alone holds no session
    const third = h.client(pool, kind, { storage: mapStorage(), deviceStorage: devices })
    third.start()
    expect(await third.getTokens()).toBeNull()
    expect(third.getView().step).toBe('signedOut')
  })
})

describe('clients on the real clock share one machine, each with its own dependencies', () => {
  it('two clients of two pools sign in at once, each storing only in its own storage', async () => {
    const pools = [await h.pool({ devices: 'always' }), await h.pool({ devices: 'always' })]
    await h.user(pools[0]!, 'sm1', PASSWORD)
    await h.user(pools[1]!, 'sm2', 'another pass 2')
    const stores = [mapStorage(), mapStorage()]
    // no clock given: these run the shared machine (the harness's clients each get their own)
    const clients = pools.map((pool, i) =>
      createAuthClient({ ...pool, endpoint: h.cognito.endpoint, transport: fetchTransport(), storage: stores[i]! }),
    )
    const views = await Promise.all([
      clients[0]!.signIn({ username: 'sm1', password: PASSWORD }),
      clients[1]!.signIn({ username: 'sm2', password: 'another pass 2' }),
    ])
    expect(views.map((v) => (v.step === 'signedIn' ? v.username : v.step))).toEqual(['sm1', 'sm2'])
    for (const [i, store] of stores.entries()) {
      const keys = [...store.map.keys()]
      expect(keys.length).toBeGreaterThan(0)
      expect(keys.every((key) => key.includes(pools[i]!.clientId))).toBe(true)
    }
    for (const client of clients) client.stop()
  })
})
