// Choice-based sign-in (authFlow USER_AUTH) through the client, against the local server with both transports:
// the password by SRP on a remembered device skips MFA with device SRP exactly as USER_SRP_AUTH does, one-time
// codes sign a passwordless user in with the device key presented, and with the server ignoring the key on a
// path, the new key replaces the old one instead of adding a device per sign-in.
import {
  AdminForgetDeviceCommand,
  AdminListDevicesCommand,
  AdminSetUserMFAPreferenceCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ops, startHarness, TRANSPORTS, type Harness, type Pool } from './harness'
import type { AuthView } from '../../src/index'

let h: Harness
let ignoring: Harness
beforeAll(async () => {
  h = await startHarness()
  ignoring = await startHarness({ devices: { userAuthIgnoresKeyOn: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } })
})
afterAll(async () => {
  await h.close()
  await ignoring.close()
})

const PASSWORD = 'correct horse 1'
const EVE = { email: 'eve@example.com', email_verified: 'true', phone_number: '+15555550142', phone_number_verified: 'true' }

/** An MFA-optional pool with tracking on (opt-in) where users choose among the password and codes by e-mail and SMS. */
async function choicePool(on: Harness): Promise<Pool> {
  return on.pool({
    mfa: 'OPTIONAL',
    devices: 'opt-in',
    userAuth: true,
    firstFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'],
    sms: true,
    email: true,
  })
}

function step<S extends AuthView['step']>(view: AuthView, expected: S): Extract<AuthView, { step: S }> {
  if (view.step !== expected) throw new Error(`expected ${expected}, got ${view.step}: ${'error' in view ? view.error?.message : ''}`)
  return view as Extract<AuthView, { step: S }>
}

async function devicesOf(on: Harness, pool: Pool, username: string): Promise<string[]> {
  const { Devices } = await on.sdk.send(new AdminListDevicesCommand({ UserPoolId: pool.userPoolId, Username: username }))
  return (Devices ?? []).map((d) => d.DeviceKey ?? '').sort()
}

/** The password-and-TOTP user `tom`: signed in through USER_AUTH (the password, then the TOTP code), the device remembered, signed out. */
async function rememberedTotpUser(on: Harness, pool: Pool, kind: (typeof TRANSPORTS)[number]) {
  await on.user(pool, 'tom', PASSWORD)
  const secret = await on.enrolTotp(pool, 'tom', PASSWORD)
  const client = on.client(pool, kind, { authFlow: 'USER_AUTH' })
  step(await client.signIn({ username: 'tom', password: PASSWORD }), 'mfaCode')
  const key = step(await client.submitCode(on.code(secret)), 'rememberDevice').deviceKey
  step(await client.rememberDevice(true), 'signedIn')
  expect(on.cognito.authEvents.last('tom')?.deviceKeyIssued).toBe(key)
  await client.signOut()
  return { client, key }
}

describe.each(TRANSPORTS)('USER_AUTH through the client (%s)', (kind) => {
  it('the password-and-TOTP user on a remembered device: PASSWORD_SRP, then device SRP instead of MFA, as on USER_SRP_AUTH', async () => {
    const pool = await choicePool(h)
    const { client, key } = await rememberedTotpUser(h, pool, kind)

    client.calls.length = 0
    const view = step(await client.signIn({ username: 'tom', password: PASSWORD }), 'signedIn')
    expect(view.device?.deviceKey).toBe(key)
    // InitiateAuth (PREFERRED_CHALLENGE PASSWORD_SRP, SRP_A, DEVICE_KEY), PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge', 'RespondToAuthChallenge'])
    expect(h.cognito.authEvents.last('tom')).toMatchObject({ deviceKeyPresented: key, deviceKeyIssued: undefined, response: 'Pass' })
    expect(await devicesOf(h, pool, 'tom')).toEqual([key])
  })

  it('the passwordless user: the choice of factors, an e-mail code, the remember prompt; then the remembered key presented', async () => {
    const pool = await choicePool(h)
    await h.user(pool, 'eve', PASSWORD, EVE)
    const client = h.client(pool, kind, { authFlow: 'USER_AUTH' })
    const choice = step(await client.signIn({ username: 'eve' }), 'selectChallenge')
    expect(choice.options).toEqual(['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP', 'SMS_OTP'])
    const code = step(await client.selectChallenge({ challenge: 'EMAIL_OTP' }), 'mfaCode')
    expect(code).toMatchObject({ channel: 'EMAIL', destination: 'e***@e***' })
    const wrong = step(await client.submitCode('00000000'), 'mfaCode')
    expect(wrong.error?.code).toBe('CODE_MISMATCH')
    const remember = step(await client.submitCode(h.cognito.outbox.last('eve')!.code), 'rememberDevice')
    expect(remember.reason).toBe('newDevice')
    step(await client.rememberDevice(true), 'signedIn')
    await client.signOut()

    // next time the code is asked for at once, and the device is the same: no prompt, no new device
    client.calls.length = 0
    step(await client.signIn({ username: 'eve', preferredChallenge: 'SMS_OTP' }), 'mfaCode')
    const view = step(await client.submitCode(h.cognito.outbox.last('eve')!.code), 'signedIn')
    expect(view.device).toMatchObject({ deviceKey: remember.deviceKey, status: 'remembered' })
    // the code's answer carries DEVICE_KEY, and the server proves the device with device SRP after it
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge', 'RespondToAuthChallenge'])
    expect(h.cognito.authEvents.last('eve')).toMatchObject({ deviceKeyPresented: remember.deviceKey, deviceKeyIssued: undefined })
    expect(await devicesOf(h, pool, 'eve')).toEqual([remember.deviceKey])
  })

  it('the password chosen in the selectChallenge step signs in in the same step, by SRP or in the clear, with the device key', async () => {
    const pool = await choicePool(h)
    await h.user(pool, 'eve', PASSWORD, EVE)
    const client = h.client(pool, kind, { authFlow: 'USER_AUTH' })
    let key: string | null = null
    for (const challenge of ['PASSWORD_SRP', 'PASSWORD'] as const) {
      step(await client.signIn({ username: 'eve' }), 'selectChallenge')
      const bad = step(await client.selectChallenge({ challenge, password: 'not it' }), 'selectChallenge')
      expect(bad.error?.code).toBe('NOT_AUTHORIZED')
      await client.cancel()
      step(await client.signIn({ username: 'eve' }), 'selectChallenge')
      const done = await client.selectChallenge({ challenge, password: PASSWORD })
      if (key === null) {
        // a new device first: asked about, remembered
        key = step(done, 'rememberDevice').deviceKey
        step(await client.rememberDevice(true), 'signedIn')
      } else {
        // then the plain password with the remembered key: sent on every request, proven by device SRP, no new device
        expect(step(done, 'signedIn').device?.deviceKey).toBe(key)
        expect(h.cognito.authEvents.last('eve')).toMatchObject({ deviceKeyPresented: key, deviceKeysSent: [key, key, key, key] })
      }
      await client.signOut()
    }
    expect(await devicesOf(h, pool, 'eve')).toEqual([key])
  })

  it('a device Cognito no longer knows is dropped, and the sign-in goes on as a new device, as on the SRP path', async () => {
    const pool = await choicePool(h)
    await h.user(pool, 'eve', PASSWORD, EVE)
    const client = h.client(pool, kind, { authFlow: 'USER_AUTH' })
    step(await client.signIn({ username: 'eve', preferredChallenge: 'EMAIL_OTP' }), 'mfaCode')
    const old = step(await client.submitCode(h.cognito.outbox.last('eve')!.code), 'rememberDevice').deviceKey
    step(await client.rememberDevice(true), 'signedIn')
    await client.signOut()
    await h.sdk.send(new AdminForgetDeviceCommand({ UserPoolId: pool.userPoolId, Username: 'eve', DeviceKey: old }))
    client.calls.length = 0
    const code = step(await client.signIn({ username: 'eve', preferredChallenge: 'EMAIL_OTP' }), 'mfaCode')
    expect(code.notice).toBe('staleDevice')
    // InitiateAuth refused "Device does not exist.", then again without the key
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'InitiateAuth'])
    const prompt = step(await client.submitCode(h.cognito.outbox.last('eve')!.code), 'rememberDevice')
    expect(prompt.deviceKey).not.toBe(old)
    step(await client.rememberDevice(true), 'signedIn')
    expect(await devicesOf(h, pool, 'eve')).toEqual([prompt.deviceKey])
  })

  it('a choice that was not offered, or the password factor without the password, is refused in the step before any call', async () => {
    const pool = await choicePool(h)
    await h.user(pool, 'tom', PASSWORD)
    await h.sdk.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.userPoolId, Username: 'tom', EmailMfaSettings: { Enabled: false } }),
    )
    const client = h.client(pool, kind, { authFlow: 'USER_AUTH' })
    const choice = step(await client.signIn({ username: 'tom' }), 'selectChallenge')
    // no verified e-mail or phone: only the password
    expect(choice.options).toEqual(['PASSWORD_SRP', 'PASSWORD'])
    client.calls.length = 0
    const notOffered = step(await client.selectChallenge({ challenge: 'EMAIL_OTP' }), 'selectChallenge')
    expect(notOffered.error).toMatchObject({ code: 'INVALID_INPUT', message: 'Choose one of PASSWORD_SRP, PASSWORD.' })
    const noPassword = step(await client.selectChallenge({ challenge: 'PASSWORD' }), 'selectChallenge')
    expect(noPassword.error?.code).toBe('INVALID_INPUT')
    expect(client.calls).toEqual([])
    await expect(client.usePasskey()).rejects.toMatchObject({ code: 'INVALID_STATE' })
  })
})

describe.each(TRANSPORTS)('USER_AUTH when the service ignores DEVICE_KEY on the path (%s)', (kind) => {
  it('each sign-in gets a new key: it is confirmed and asked about, and the old key forgotten, so the list never grows', async () => {
    const pool = await choicePool(ignoring)
    await ignoring.user(pool, 'eve', PASSWORD, EVE)
    const client = ignoring.client(pool, kind, { authFlow: 'USER_AUTH' })
    const keys: string[] = []
    for (const [n, remember] of [true, false, true].entries()) {
      step(await client.signIn({ username: 'eve', preferredChallenge: 'EMAIL_OTP' }), 'mfaCode')
      const prompt = step(await client.submitCode(ignoring.cognito.outbox.last('eve')!.code), 'rememberDevice')
      expect(prompt.reason).toBe('newDevice')
      keys.push(prompt.deviceKey)
      const view = step(await client.rememberDevice(remember), 'signedIn')
      expect(view.device).toMatchObject({ deviceKey: prompt.deviceKey, status: remember ? 'remembered' : 'not_remembered' })
      // the key this client held was presented, and the one Cognito issued is now the only device
      if (n > 0) {
        // the key held was sent with InitiateAuth and the code's answer, and the server issued another
        const event = ignoring.cognito.authEvents.last('eve')
        expect(event).toMatchObject({
          deviceKeysSent: [keys[n - 1], keys[n - 1]],
          deviceKeyPresented: undefined,
          deviceKeyIssued: prompt.deviceKey,
        })
      }
      expect(await devicesOf(ignoring, pool, 'eve')).toEqual([prompt.deviceKey])
      await client.signOut()
    }
    expect(new Set(keys).size).toBe(3)
  })

  it('PASSWORD_SRP still honours the key: the remembered device skips MFA', async () => {
    const { client, key } = await rememberedTotpUser(ignoring, await choicePool(ignoring), kind)
    expect(step(await client.signIn({ username: 'tom', password: PASSWORD }), 'signedIn').device?.deviceKey).toBe(key)
  })
})
