// DEVICE_KEY on choice-based sign-in, read as the API reference has it (DEVICE_KEY on every USER_AUTH request and
// answer): a remembered key skips MFA and gets DEVICE_SRP_AUTH after any first factor, a sign-in without one gets
// NewDeviceMetadata, an unknown or forgotten key is "Device does not exist."; and the `devices.userAuthIgnoresKeyOn`
// option, which models a service that ignores DEVICE_KEY on some first factors. Through the real AWS SDK client.
import {
  AdminForgetDeviceCommand,
  AdminSetUserMFAPreferenceCommand,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalCognito } from '../../src/testing'
import { claims, deviceAuth, failure, PASSWORD, seed, start, type DeviceSecrets, type Harness, type Seeded } from './helpers'
import { codeOf, confirm, contact, ephemeral, respond, USER_AUTH_CLIENT, userAuth, verifyPassword } from './userAuthHelpers'

const FACTORS: CreateUserPoolCommandInput['Policies'] = { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } }
const STALE = 'us-east-1_00000000-0000-4000-8000-000000000000'

/** MFA optional, the given device settings; pat has SMS MFA, oli none (so oli may use codes). */
async function devicePool(h: Harness, device: CreateUserPoolCommandInput['DeviceConfiguration']): Promise<Seeded> {
  const s = await seed(h.sdk, {
    pool: {
      Policies: FACTORS,
      MfaConfiguration: 'OPTIONAL',
      DeviceConfiguration: device,
      UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
    },
    client: USER_AUTH_CLIENT,
    users: [
      { username: 'pat', attributes: contact('pat', '+15555550101') },
      { username: 'oli', attributes: contact('oli', '+15555550102') },
    ],
  })
  await h.sdk.send(
    new AdminSetUserMFAPreferenceCommand({ UserPoolId: s.poolId, Username: 'pat', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }),
  )
  return s
}

/** A first sign-in with the password (and pat's SMS code), then ConfirmDevice: a remembered device. */
async function remembered(h: Harness, s: Seeded, username: 'pat' | 'oli'): Promise<DeviceSecrets> {
  let out = await userAuth(h, s, { USERNAME: username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })
  if (out.ChallengeName === 'SMS_MFA')
    out = await respond(h, s, 'SMS_MFA', out.Session, { USERNAME: username, SMS_MFA_CODE: codeOf(h, username) })
  return confirm(h, out.AuthenticationResult)
}

const trusted = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false }

describe('DEVICE_KEY honoured on every USER_AUTH path (the default)', () => {
  let h: Harness
  let s: Seeded
  let pat: DeviceSecrets
  let oli: DeviceSecrets
  beforeAll(async () => {
    h = await start()
    s = await devicePool(h, trusted)
    pat = await remembered(h, s, 'pat')
    oli = await remembered(h, s, 'oli')
  })
  afterAll(() => h.cognito.close())

  /** DEVICE_SRP_AUTH answered: tokens bound to the remembered device, no new one, and no SMS sent on the way. */
  async function deviceSignIn(
    step: { ChallengeName?: string; Session?: string },
    username: string,
    device: DeviceSecrets,
    sentBefore: number,
  ) {
    expect(step.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const done = await deviceAuth(h.sdk, s, username, step.Session, device)
    expect(done.AuthenticationResult?.NewDeviceMetadata).toBeUndefined()
    expect(claims(done.AuthenticationResult?.AccessToken).device_key).toBe(device.deviceKey)
    expect(h.cognito.outbox.messages.filter((m) => m.purpose === 'MFA').length).toBe(sentBefore)
  }
  const mfaSent = () => h.cognito.outbox.messages.filter((m) => m.purpose === 'MFA').length

  it('a sign-in without a key ends with NewDeviceMetadata, and the access token carries that key', async () => {
    const out = await userAuth(h, s, { USERNAME: 'oli', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })
    const key = out.AuthenticationResult?.NewDeviceMetadata?.DeviceKey
    expect(key).toMatch(/^us-east-1_[0-9a-f-]{36}$/)
    expect(key).not.toBe(oli.deviceKey)
    expect(claims(out.AuthenticationResult?.AccessToken).device_key).toBe(key)
    expect(h.cognito.authEvents.last('oli')).toMatchObject({ response: 'Pass', deviceKeyIssued: key, deviceKeyPresented: undefined })
  })

  it('PASSWORD with the key in AuthParameters: DEVICE_SRP_AUTH instead of the SMS code', async () => {
    const sent = mfaSent()
    const step = await userAuth(h, s, { USERNAME: 'pat', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD, DEVICE_KEY: pat.deviceKey })
    await deviceSignIn(step, 'pat', pat, sent)
    expect(h.cognito.authEvents.last('pat')).toMatchObject({
      response: 'Pass',
      deviceKeyPresented: pat.deviceKey,
      deviceKeyIssued: undefined,
    })
  })

  it('PASSWORD chosen in SELECT_CHALLENGE with the key in that answer', async () => {
    const sent = mfaSent()
    const select = await userAuth(h, s, { USERNAME: 'pat' })
    const step = await respond(h, s, 'SELECT_CHALLENGE', select.Session, {
      USERNAME: 'pat',
      ANSWER: 'PASSWORD',
      PASSWORD,
      DEVICE_KEY: pat.deviceKey,
    })
    await deviceSignIn(step, 'pat', pat, sent)
  })

  it('PASSWORD_SRP with the key in InitiateAuth and PASSWORD_VERIFIER', async () => {
    const sent = mfaSent()
    const eph = await ephemeral()
    const verifier = await userAuth(h, s, {
      USERNAME: 'pat',
      PREFERRED_CHALLENGE: 'PASSWORD_SRP',
      SRP_A: eph.srpA,
      DEVICE_KEY: pat.deviceKey,
    })
    await deviceSignIn(await verifyPassword(h, s, verifier, eph, { deviceKey: pat.deviceKey }), 'pat', pat, sent)
  })

  it('EMAIL_OTP with the key: DEVICE_SRP_AUTH after the code', async () => {
    const otp = await userAuth(h, s, { USERNAME: 'oli', PREFERRED_CHALLENGE: 'EMAIL_OTP', DEVICE_KEY: oli.deviceKey })
    const step = await respond(h, s, 'EMAIL_OTP', otp.Session, {
      USERNAME: 'oli',
      EMAIL_OTP_CODE: codeOf(h, 'oli'),
      DEVICE_KEY: oli.deviceKey,
    })
    await deviceSignIn(step, 'oli', oli, mfaSent())
  })

  it('an unknown or forgotten key is ResourceNotFoundException "Device does not exist."; an answer retried without it signs in as a new device', async () => {
    const unknown = await failure(userAuth(h, s, { USERNAME: 'oli', DEVICE_KEY: STALE }))
    expect([unknown.name, unknown.message]).toEqual(['ResourceNotFoundException', 'Device does not exist.'])
    const select = await userAuth(h, s, { USERNAME: 'oli' })
    const inAnswer = await failure(
      respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'oli', ANSWER: 'PASSWORD', PASSWORD, DEVICE_KEY: STALE }),
    )
    expect([inAnswer.name, inAnswer.message]).toEqual(['ResourceNotFoundException', 'Device does not exist.'])
    const retried = await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'oli', ANSWER: 'PASSWORD', PASSWORD })
    expect(retried.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).toBeTruthy()
    const forgotten = await remembered(h, s, 'oli')
    await h.sdk.send(new AdminForgetDeviceCommand({ UserPoolId: s.poolId, Username: 'oli', DeviceKey: forgotten.deviceKey }))
    const otp = await userAuth(h, s, { USERNAME: 'oli', PREFERRED_CHALLENGE: 'SMS_OTP' })
    const inCode = await failure(
      respond(h, s, 'SMS_OTP', otp.Session, { USERNAME: 'oli', SMS_OTP_CODE: codeOf(h, 'oli'), DEVICE_KEY: forgotten.deviceKey }),
    )
    expect([inCode.name, inCode.message]).toEqual(['ResourceNotFoundException', 'Device does not exist.'])
  })

  it('with ChallengeRequiredOnNewDevice false, a remembered device still answers MFA, then DEVICE_SRP_AUTH', async () => {
    const other = await devicePool(h, { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false })
    const device = await remembered(h, other, 'pat')
    const mfa = await userAuth(h, other, { USERNAME: 'pat', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD, DEVICE_KEY: device.deviceKey })
    expect(mfa.ChallengeName).toBe('SMS_MFA')
    const next = await respond(h, other, 'SMS_MFA', mfa.Session, {
      USERNAME: 'pat',
      SMS_MFA_CODE: codeOf(h, 'pat'),
      DEVICE_KEY: device.deviceKey,
    })
    expect(next.ChallengeName).toBe('DEVICE_SRP_AUTH')
  })

  it('with tracking off there is no NewDeviceMetadata, and a key is ignored', async () => {
    const off = await devicePool(h, undefined)
    const out = await userAuth(h, off, { USERNAME: 'oli', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD, DEVICE_KEY: STALE })
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(out.AuthenticationResult?.NewDeviceMetadata).toBeUndefined()
  })
})

describe("option devices.userAuthIgnoresKeyOn: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] (DEVICE_KEY honoured on PASSWORD_SRP only)", () => {
  let h: Harness
  let s: Seeded
  let pat: DeviceSecrets
  let oli: DeviceSecrets
  beforeAll(async () => {
    h = await start({ devices: { userAuthIgnoresKeyOn: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } })
    s = await devicePool(h, trusted)
    pat = await remembered(h, s, 'pat')
    oli = await remembered(h, s, 'oli')
  })
  afterAll(() => h.cognito.close())

  it('PASSWORD with a remembered key: MFA is asked, the key in the MFA answer is ignored too, and a new device is issued', async () => {
    const mfa = await userAuth(h, s, { USERNAME: 'pat', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD, DEVICE_KEY: pat.deviceKey })
    expect(mfa.ChallengeName).toBe('SMS_MFA')
    const done = await respond(h, s, 'SMS_MFA', mfa.Session, { USERNAME: 'pat', SMS_MFA_CODE: codeOf(h, 'pat'), DEVICE_KEY: pat.deviceKey })
    const issued = done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey
    expect(issued).toBeTruthy()
    expect(issued).not.toBe(pat.deviceKey)
    expect(claims(done.AuthenticationResult?.AccessToken).device_key).toBe(issued)
    expect(h.cognito.authEvents.last('pat')).toMatchObject({ response: 'Pass', deviceKeyPresented: undefined, deviceKeyIssued: issued })
  })

  it('EMAIL_OTP with a remembered key signs in as a new device; an unknown key is not refused', async () => {
    const otp = await userAuth(h, s, { USERNAME: 'oli', PREFERRED_CHALLENGE: 'EMAIL_OTP', DEVICE_KEY: STALE })
    const done = await respond(h, s, 'EMAIL_OTP', otp.Session, {
      USERNAME: 'oli',
      EMAIL_OTP_CODE: codeOf(h, 'oli'),
      DEVICE_KEY: oli.deviceKey,
    })
    expect(done.ChallengeName).toBeUndefined()
    expect(done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).not.toBe(oli.deviceKey)
  })

  it('PASSWORD_SRP still honours the key: DEVICE_SRP_AUTH instead of MFA', async () => {
    const eph = await ephemeral()
    const verifier = await userAuth(h, s, {
      USERNAME: 'pat',
      PREFERRED_CHALLENGE: 'PASSWORD_SRP',
      SRP_A: eph.srpA,
      DEVICE_KEY: pat.deviceKey,
    })
    const step = await verifyPassword(h, s, verifier, eph, { deviceKey: pat.deviceKey })
    expect(step.ChallengeName).toBe('DEVICE_SRP_AUTH')
    expect((await deviceAuth(h.sdk, s, 'pat', step.Session, pat)).AuthenticationResult?.NewDeviceMetadata).toBeUndefined()
  })

  it('a key sent before the choice is checked only when the chosen factor honours it', async () => {
    const ignored = await userAuth(h, s, { USERNAME: 'oli', DEVICE_KEY: STALE })
    expect(ignored.ChallengeName).toBe('SELECT_CHALLENGE')
    const done = await respond(h, s, 'SELECT_CHALLENGE', ignored.Session, { USERNAME: 'oli', ANSWER: 'PASSWORD', PASSWORD })
    expect(done.AuthenticationResult?.NewDeviceMetadata).toBeTruthy()
    const checked = await userAuth(h, s, { USERNAME: 'oli', DEVICE_KEY: STALE })
    const eph = await ephemeral()
    const srp = await failure(
      respond(h, s, 'SELECT_CHALLENGE', checked.Session, { USERNAME: 'oli', ANSWER: 'PASSWORD_SRP', SRP_A: eph.srpA }),
    )
    expect([srp.name, srp.message]).toEqual(['ResourceNotFoundException', 'Device does not exist.'])
  })
})

describe('option devices.userAuthIgnoresKeyOn, per factor', () => {
  it("['EMAIL_OTP'] ignores the key after an e-mailed code while PASSWORD honours it", async () => {
    const h = await start({ devices: { userAuthIgnoresKeyOn: ['EMAIL_OTP'] } })
    try {
      const s = await devicePool(h, trusted)
      const oli = await remembered(h, s, 'oli')
      const password = await userAuth(h, s, { USERNAME: 'oli', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD, DEVICE_KEY: oli.deviceKey })
      expect(password.ChallengeName).toBe('DEVICE_SRP_AUTH')
      const otp = await userAuth(h, s, { USERNAME: 'oli', PREFERRED_CHALLENGE: 'EMAIL_OTP', DEVICE_KEY: oli.deviceKey })
      const done = await respond(h, s, 'EMAIL_OTP', otp.Session, {
        USERNAME: 'oli',
        EMAIL_OTP_CODE: codeOf(h, 'oli'),
        DEVICE_KEY: oli.deviceKey,
      })
      expect(done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).not.toBe(oli.deviceKey)
    } finally {
      await h.cognito.close()
    }
  })

  it('takes only PASSWORD, EMAIL_OTP, SMS_OTP and WEB_AUTHN', async () => {
    for (const bad of [['PASSWORD_SRP'], 'PASSWORD', ['SOFTWARE_TOKEN_MFA']]) {
      await expect(startLocalCognito({ devices: { userAuthIgnoresKeyOn: bad as never } })).rejects.toThrow(TypeError)
    }
  })
})
