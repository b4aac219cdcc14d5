import { describe, expect, it } from 'vitest'
import { AuthError, createAuthClient, fromCognitoError, memoryStorage, type CognitoTransport } from '../../src/index'
import { deviceStore, type DeviceRecord } from '../../src/machine/index'

const POOL = 'us-east-1_Pool1'
const CLIENT = 'client1'
const record: DeviceRecord = {
  version: 1,
  userId: 'ana',
  deviceKey: 'us-east-1_0f0e0d0c-0000-4000-8000-000000000001',
  deviceGroupKey: '-abc',
  devicePassword: 'c2VjcmV0',
  status: 'remembered',
  confirmedAt: 1,
  trustedUntil: null,
}

/** A scripted Cognito: each step checks the request and answers (or throws). */
type Step = (operation: string, input: Record<string, unknown>) => unknown
function scripted(steps: Step[]): CognitoTransport & { sent: { operation: string; input: Record<string, unknown> }[] } {
  const sent: { operation: string; input: Record<string, unknown> }[] = []
  return {
    sent,
    async send(operation, input) {
      sent.push({ operation, input: input as Record<string, unknown> })
      const step = steps.shift()
      if (!step) throw new Error(`unexpected ${operation}`)
      return step(operation, input as Record<string, unknown>) as never
    },
  }
}

const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`
const tokens = { AuthenticationResult: { AccessToken: jwt({ username: 'ana' }), IdToken: jwt({}), RefreshToken: 'r', ExpiresIn: 3600 } }
const stale = () => {
  throw fromCognitoError('ResourceNotFoundException', 'Device does not exist.', 400)
}

async function withDevice() {
  const storage = memoryStorage()
  await deviceStore(storage, { userPoolId: POOL, clientId: CLIENT }).save(record, ['ana'])
  return storage
}

describe('createAuthClient with a scripted transport', () => {
  it('validates its config', () => {
    expect(() => createAuthClient({ userPoolId: 'nope', clientId: CLIENT })).toThrow(AuthError)
    expect(() => createAuthClient({ userPoolId: POOL, clientId: '' })).toThrow(/clientId/)
    for (const trust of [{ days: -1 }, { days: Infinity }, { days: 30, attribute: 'trusted_devices' }]) {
      expect(() => createAuthClient({ userPoolId: POOL, clientId: CLIENT, trust }), JSON.stringify(trust)).toThrow(/^trust must be/)
    }
    expect(createAuthClient({ userPoolId: POOL, clientId: CLIENT, trust: { days: 30, attribute: 'custom:trusted_devices' } })).toBeTruthy()
  })

  it('a stale device at InitiateAuth is dropped once and sign-in continues as a new device', async () => {
    const storage = await withDevice()
    const transport = scripted([
      (_op, input) => {
        expect((input.AuthParameters as Record<string, string>).DEVICE_KEY).toBe(record.deviceKey)
        return stale()
      },
      (_op, input) => {
        expect((input.AuthParameters as Record<string, string>).DEVICE_KEY).toBeUndefined()
        return tokens
      },
    ])
    const client = createAuthClient({ userPoolId: POOL, clientId: CLIENT, storage, transport, authFlow: 'USER_PASSWORD_AUTH' })
    const view = await client.signIn({ username: 'ana', password: 'pw-123456' })
    expect(view).toMatchObject({ step: 'signedIn', notice: 'staleDevice', device: null })
    expect((await deviceStore(storage, { userPoolId: POOL, clientId: CLIENT }).find('ana')).record).toBeNull()
    client.stop()
  })

  it('never loops: a second "Device does not exist." is a STALE_DEVICE error', async () => {
    const storage = await withDevice()
    const transport = scripted([stale, stale])
    const client = createAuthClient({ userPoolId: POOL, clientId: CLIENT, storage, transport, authFlow: 'USER_PASSWORD_AUTH' })
    const view = await client.signIn({ username: 'ana', password: 'pw-123456' })
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'STALE_DEVICE' }, notice: 'staleDevice' })
    expect(transport.sent).toHaveLength(2)
    client.stop()
  })

  it('a stale device during DEVICE_SRP_AUTH removes the record and ends in a typed error', async () => {
    const storage = await withDevice()
    const transport = scripted([
      () => ({ ChallengeName: 'DEVICE_SRP_AUTH', Session: 's1', ChallengeParameters: { USERNAME: 'ana' } }),
      (_op, input) => {
        expect(input.ChallengeName).toBe('DEVICE_SRP_AUTH')
        return stale()
      },
    ])
    const client = createAuthClient({ userPoolId: POOL, clientId: CLIENT, storage, transport, authFlow: 'USER_PASSWORD_AUTH' })
    const view = await client.signIn({ username: 'ana', password: 'pw-123456' })
    expect(view).toMatchObject({ step: 'signedOut', error: { code: 'STALE_DEVICE', retryable: false } })
    expect((await deviceStore(storage, { userPoolId: POOL, clientId: CLIENT }).find('ana')).record).toBeNull()
    client.stop()
  })

  it('a stale device at the MFA answer or UpdateDeviceStatus drops the record (then a new device, no loop)', async () => {
    const storage = await withDevice()
    const transport = scripted([
      () => ({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's1', ChallengeParameters: { USERNAME: 'ana' } }),
      (_op, input) => {
        expect((input.ChallengeResponses as Record<string, string>).DEVICE_KEY).toBe(record.deviceKey)
        return stale()
      },
      (_op, input) => {
        expect((input.AuthParameters as Record<string, string>).DEVICE_KEY).toBeUndefined()
        return tokens
      },
    ])
    const client = createAuthClient({ userPoolId: POOL, clientId: CLIENT, storage, transport, authFlow: 'USER_PASSWORD_AUTH' })
    expect((await client.signIn({ username: 'ana', password: 'pw-123456' })).step).toBe('mfaCode')
    expect(await client.submitCode('123456')).toMatchObject({ step: 'signedOut', error: { code: 'STALE_DEVICE' }, notice: 'staleDevice' })
    expect((await deviceStore(storage, { userPoolId: POOL, clientId: CLIENT }).find('ana')).record).toBeNull()
    expect((await client.signIn({ username: 'ana', password: 'pw-123456' })).step).toBe('signedIn')
    client.stop()
  })

  it('an unknown challenge name from Cognito is a typed error', async () => {
    const transport = scripted([() => ({ ChallengeName: 'FUTURE_CHALLENGE', Session: 's1', ChallengeParameters: {} })])
    const client = createAuthClient({ userPoolId: POOL, clientId: CLIENT, transport, authFlow: 'USER_PASSWORD_AUTH' })
    expect(await client.signIn({ username: 'ana', password: 'pw-123456' })).toMatchObject({
      step: 'signedOut',
      error: { code: 'UNKNOWN_CHALLENGE' },
    })
    client.stop()
  })

  it('getView is stable between changes and subscribe reports each new view', async () => {
    const transport = scripted([() => tokens])
    const client = createAuthClient({ userPoolId: POOL, clientId: CLIENT, transport, authFlow: 'USER_PASSWORD_AUTH' })
    const steps: string[] = []
    const unsubscribe = client.subscribe((view) => steps.push(view.step === 'working' ? `working:${view.doing}` : view.step))
    client.start()
    expect(client.getView()).toBe(client.getView())
    await client.signIn({ username: 'ana', password: 'pw-123456' })
    unsubscribe()
    expect(steps).toEqual(['working:restoring', 'signedOut', 'working:signingIn', 'signedIn'])
    client.stop()
  })
})
