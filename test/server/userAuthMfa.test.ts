// Choice-based sign-in and MFA: a password first factor is followed by MFA as on USER_SRP_AUTH; Cognito gives a user
// whose sign-ins need MFA no passwordless first factor; and the auth events these sign-ins record. Through the real
// AWS SDK client.
import { AdminSetUserMFAPreferenceCommand, type CreateUserPoolCommandInput } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failure, PASSWORD, seed, start, type Harness, type Seeded } from './helpers'
import { codeOf, contact, ephemeral, offered, respond, USER_AUTH_CLIENT, userAuth, verifyPassword } from './userAuthHelpers'

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

const FACTORS: Partial<CreateUserPoolCommandInput> = {
  Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } },
}
const smsMfa = (s: Seeded, Username: string, Enabled: boolean) =>
  h.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: s.poolId, Username, SMSMfaSettings: { Enabled, PreferredMfa: Enabled } }))

describe('MFA after a password first factor', () => {
  let s: Seeded
  beforeAll(async () => {
    s = await seed(h.sdk, {
      pool: { ...FACTORS, MfaConfiguration: 'OPTIONAL' },
      client: USER_AUTH_CLIENT,
      users: [{ username: 'pat', attributes: contact('pat') }],
    })
    await smsMfa(s, 'pat', true)
  })

  it('PASSWORD is followed by the SMS code of a user with SMS MFA', async () => {
    const mfa = await userAuth(h, s, { USERNAME: 'pat', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })
    expect(mfa.ChallengeName).toBe('SMS_MFA')
    expect(mfa.AuthenticationResult).toBeUndefined()
    expect(h.cognito.outbox.last('pat')).toMatchObject({ purpose: 'MFA', channel: 'SMS' })
    const done = await respond(h, s, 'SMS_MFA', mfa.Session, { USERNAME: 'pat', SMS_MFA_CODE: codeOf(h, 'pat') })
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
  })

  it('PASSWORD_SRP chosen in SELECT_CHALLENGE is followed by MFA too', async () => {
    const select = await userAuth(h, s, { USERNAME: 'pat' })
    const eph = await ephemeral()
    const verifier = await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'pat', ANSWER: 'PASSWORD_SRP', SRP_A: eph.srpA })
    const mfa = await verifyPassword(h, s, verifier, eph)
    expect(mfa.ChallengeName).toBe('SMS_MFA')
  })

  it('a pool that requires MFA asks a user without a method to set one up after the password', async () => {
    const on = await seed(h.sdk, { pool: { MfaConfiguration: 'ON' }, client: USER_AUTH_CLIENT, users: [{ username: 'una' }] })
    const setup = await userAuth(h, on, { USERNAME: 'una', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })
    expect(setup.ChallengeName).toBe('MFA_SETUP')
    expect(setup.ChallengeParameters).toMatchObject({ MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' })
  })
})

describe('no passwordless first factor for a user whose sign-ins need MFA', () => {
  it('a user with MFA on is offered the password factors only; asking for a code gets SELECT_CHALLENGE and sends nothing', async () => {
    const s = await seed(h.sdk, {
      pool: { ...FACTORS, MfaConfiguration: 'OPTIONAL' },
      client: USER_AUTH_CLIENT,
      users: [{ username: 'mia', attributes: contact('mia') }],
    })
    await smsMfa(s, 'mia', true)
    expect(offered(await userAuth(h, s, { USERNAME: 'mia' }))).toEqual(['PASSWORD', 'PASSWORD_SRP'])
    const before = h.cognito.outbox.messages.length
    for (const PREFERRED_CHALLENGE of ['EMAIL_OTP', 'SMS_OTP']) {
      const out = await userAuth(h, s, { USERNAME: 'mia', PREFERRED_CHALLENGE })
      expect([out.ChallengeName, offered(out)]).toEqual(['SELECT_CHALLENGE', ['PASSWORD', 'PASSWORD_SRP']])
      const chosen = await failure(respond(h, s, 'SELECT_CHALLENGE', out.Session, { USERNAME: 'mia', ANSWER: PREFERRED_CHALLENGE }))
      expect(chosen.name).toBe('InvalidParameterException')
    }
    expect(h.cognito.outbox.messages.length).toBe(before)
    // With MFA turned off the codes are offered again, and a code signs in with no MFA after it.
    await smsMfa(s, 'mia', false)
    const otp = await userAuth(h, s, { USERNAME: 'mia', PREFERRED_CHALLENGE: 'SMS_OTP' })
    expect(otp.ChallengeName).toBe('SMS_OTP')
    const done = await respond(h, s, 'SMS_OTP', otp.Session, { USERNAME: 'mia', SMS_OTP_CODE: codeOf(h, 'mia') })
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
  })

  it('in a pool that requires MFA, no one is offered a code', async () => {
    const s = await seed(h.sdk, {
      pool: { ...FACTORS, MfaConfiguration: 'ON' },
      client: USER_AUTH_CLIENT,
      users: [{ username: 'ola', attributes: contact('ola') }],
    })
    expect(offered(await userAuth(h, s, { USERNAME: 'ola' }))).toEqual(['PASSWORD', 'PASSWORD_SRP'])
    expect((await userAuth(h, s, { USERNAME: 'ola', PREFERRED_CHALLENGE: 'EMAIL_OTP' })).ChallengeName).toBe('SELECT_CHALLENGE')
  })
})

describe('auth events of choice-based sign-ins', () => {
  let s: Seeded
  const CONTEXT = { IpAddress: '203.0.113.8', EncodedData: 'fp-user-auth' }
  beforeAll(async () => {
    s = await seed(h.sdk, {
      pool: { ...FACTORS, MfaConfiguration: 'OPTIONAL', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } },
      client: USER_AUTH_CLIENT,
      users: [
        { username: 'ivy', attributes: contact('ivy') },
        { username: 'max', attributes: contact('max') },
      ],
    })
    await smsMfa(s, 'max', true)
  })

  it('records the first factor as Password, InProgress until tokens, with the context of the calls', async () => {
    const { InitiateAuthCommand } = await import('@aws-sdk/client-cognito-identity-provider')
    const select = await h.sdk.send(
      new InitiateAuthCommand({
        ClientId: s.clientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: 'ivy' },
        UserContextData: CONTEXT,
      }),
    )
    expect(h.cognito.authEvents.last('ivy')).toMatchObject({ eventType: 'SignIn', response: 'InProgress', challenges: [] })
    await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ivy', ANSWER: 'PASSWORD', PASSWORD })
    expect(h.cognito.authEvents.last('ivy')).toMatchObject({
      response: 'Pass',
      challenges: [{ name: 'Password', response: 'Success' }],
      contextData: { ipAddress: '203.0.113.8', encodedData: 'fp-user-auth' },
    })
  })

  it('records a wrong code as a failed first factor, and the sign-in passes when the right one follows', async () => {
    const otp = await userAuth(h, s, { USERNAME: 'ivy', PREFERRED_CHALLENGE: 'EMAIL_OTP' })
    const code = codeOf(h, 'ivy')
    await failure(
      respond(h, s, 'EMAIL_OTP', otp.Session, { USERNAME: 'ivy', EMAIL_OTP_CODE: code === '00000000' ? '11111111' : '00000000' }),
    )
    expect(h.cognito.authEvents.last('ivy')).toMatchObject({ response: 'Fail', challenges: [{ name: 'Password', response: 'Failure' }] })
    await respond(h, s, 'EMAIL_OTP', otp.Session, { USERNAME: 'ivy', EMAIL_OTP_CODE: code })
    expect(h.cognito.authEvents.last('ivy')).toMatchObject({
      response: 'Pass',
      challenges: [
        { name: 'Password', response: 'Failure' },
        { name: 'Password', response: 'Success' },
      ],
    })
  })

  it('records the MFA answer after the password as Mfa', async () => {
    const mfa = await userAuth(h, s, { USERNAME: 'max', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })
    await respond(h, s, 'SMS_MFA', mfa.Session, { USERNAME: 'max', SMS_MFA_CODE: codeOf(h, 'max') })
    expect(h.cognito.authEvents.last('max')).toMatchObject({
      response: 'Pass',
      challenges: [
        { name: 'Password', response: 'Success' },
        { name: 'Mfa', response: 'Success' },
      ],
    })
  })
})
