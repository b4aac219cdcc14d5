// DEVICE_KEY on the WEB_AUTHN path of choice-based sign-in, as on the OTP path (userAuthDevices.test.ts): a remembered
// key gets DEVICE_SRP_AUTH and no NewDeviceMetadata, an unknown one is "Device does not exist.", an answer without
// one signs in as a new device; and `devices.userAuthIgnoresKeyOn: ['WEB_AUTHN']` ignores every key on this path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { softwareAuthenticator, type LocalCognitoOptions, type SoftwareAuthenticator } from '../../src/testing'
import { claims, deviceAuth, failure, start, type DeviceSecrets, type Harness, type Seeded } from './helpers'
import { confirm } from './userAuthHelpers'
import { accessToken, answerPasskey, ORIGIN, passkeyPool, passkeySignIn, register, requestOptions, startPasskey } from './webAuthnHelpers'

const STALE = 'us-east-1_00000000-0000-4000-8000-000000000000'
const trusted = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false }

/** A server, a pool tracking devices, oli with a passkey, and a device remembered by a first passkey sign-in. */
async function setUp(options: LocalCognitoOptions = {}) {
  const h = await start(options)
  const s = await passkeyPool(h, { users: ['oli'], pool: { MfaConfiguration: 'OPTIONAL', DeviceConfiguration: trusted } })
  const authenticator = softwareAuthenticator({ origin: ORIGIN })
  await register(h, await accessToken(h, s, 'oli'), authenticator)
  const first = await passkeySignIn(h, s, authenticator, 'oli')
  expect(first.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).toBeTruthy()
  const device = await confirm(h, first.AuthenticationResult)
  return { h, s, authenticator, device }
}

describe('DEVICE_KEY honoured on WEB_AUTHN (the default)', () => {
  let h: Harness
  let s: Seeded
  let authenticator: SoftwareAuthenticator
  let device: DeviceSecrets
  beforeAll(async () => {
    ;({ h, s, authenticator, device } = await setUp())
  })
  afterAll(() => h.cognito.close())

  it('the key on InitiateAuth and on the answer: DEVICE_SRP_AUTH, then tokens bound to the device, no NewDeviceMetadata', async () => {
    const key = { DEVICE_KEY: device.deviceKey }
    const step = await passkeySignIn(h, s, authenticator, 'oli', { start: key, answer: key })
    expect(step.ChallengeName).toBe('DEVICE_SRP_AUTH')
    expect(h.cognito.authEvents.last('oli')).toMatchObject({ deviceKeyPresented: device.deviceKey, challenges: [{ name: 'Password' }] })
    const done = await deviceAuth(h.sdk, s, 'oli', step.Session, device)
    expect(done.AuthenticationResult?.NewDeviceMetadata).toBeUndefined()
    expect(claims(done.AuthenticationResult?.AccessToken).device_key).toBe(device.deviceKey)
    expect(h.cognito.authEvents.last('oli')).toMatchObject({
      response: 'Pass',
      deviceKeyPresented: device.deviceKey,
      deviceKeyIssued: undefined,
    })
  })

  it('the key on the answer only is enough', async () => {
    const step = await passkeySignIn(h, s, authenticator, 'oli', { answer: { DEVICE_KEY: device.deviceKey } })
    expect(step.ChallengeName).toBe('DEVICE_SRP_AUTH')
  })

  it('an answer without the key (as Amplify sends it) signs in as a new device (devices.mfaAnswerWithoutKey)', async () => {
    const done = await passkeySignIn(h, s, authenticator, 'oli', { start: { DEVICE_KEY: device.deviceKey } })
    const issued = done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey
    expect(issued).toBeTruthy()
    expect(issued).not.toBe(device.deviceKey)
    expect(h.cognito.authEvents.last('oli')).toMatchObject({ response: 'Pass', deviceKeyPresented: undefined, deviceKeyIssued: issued })
  })

  it('an unknown key on the answer is "Device does not exist."; the assertion is not used up, so a retry without it passes', async () => {
    const challenge = await startPasskey(h, s, 'oli')
    const assertion = await authenticator.get(requestOptions(challenge))
    const unknown = await failure(answerPasskey(h, s, challenge, assertion, { DEVICE_KEY: STALE }))
    expect([unknown.name, unknown.message]).toEqual(['ResourceNotFoundException', 'Device does not exist.'])
    expect((await answerPasskey(h, s, challenge, assertion)).AuthenticationResult?.NewDeviceMetadata).toBeTruthy()
  })
})

describe("devices.userAuthIgnoresKeyOn: ['WEB_AUTHN']", () => {
  let h: Harness
  let s: Seeded
  let authenticator: SoftwareAuthenticator
  let device: DeviceSecrets
  beforeAll(async () => {
    ;({ h, s, authenticator, device } = await setUp({ devices: { userAuthIgnoresKeyOn: ['WEB_AUTHN'] } }))
  })
  afterAll(() => h.cognito.close())

  it('a remembered key is ignored: tokens at once with a new device, and the log shows no key presented', async () => {
    const key = { DEVICE_KEY: device.deviceKey }
    const done = await passkeySignIn(h, s, authenticator, 'oli', { start: key, answer: key })
    const issued = done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey
    expect(issued).toBeTruthy()
    expect(issued).not.toBe(device.deviceKey)
    expect(claims(done.AuthenticationResult?.AccessToken).device_key).toBe(issued)
    expect(h.cognito.authEvents.last('oli')).toMatchObject({ response: 'Pass', deviceKeyPresented: undefined, deviceKeyIssued: issued })
  })

  it('an unknown key is not refused', async () => {
    const stale = { DEVICE_KEY: STALE }
    const done = await passkeySignIn(h, s, authenticator, 'oli', { start: stale, answer: stale })
    expect(done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).toBeTruthy()
  })
})
