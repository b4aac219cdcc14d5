import {
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { totp } from '../../src/testing'
import { failure, seed, srpSignIn, start, type Harness, type Seeded } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

const respond = (s: Seeded, name: string, session: string | undefined, responses: Record<string, string>) =>
  h.sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: s.clientId,
      ChallengeName: name as 'SMS_MFA',
      Session: session,
      ChallengeResponses: responses,
    }),
  )

describe('SMS MFA', () => {
  let s: Seeded
  beforeAll(async () => {
    s = await seed(h.sdk, {
      pool: { MfaConfiguration: 'ON' },
      users: [{ username: 'sam', attributes: [{ Name: 'phone_number', Value: '+15555550123' }] }],
    })
  })

  it('sends a code to the outbox, masks the destination, and accepts it after a wrong one', async () => {
    const challenge = await srpSignIn(h.sdk, s, 'sam')
    expect(challenge.ChallengeName).toBe('SMS_MFA')
    expect(challenge.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0123' })
    const message = h.cognito.outbox.last('sam')!
    expect(message).toMatchObject({ channel: 'SMS', destination: '+15555550123', username: 'sam' })
    expect(message.code).toMatch(/^\d{6}$/)
    const wrong = await failure(
      respond(s, 'SMS_MFA', challenge.Session, { USERNAME: 'sam', SMS_MFA_CODE: message.code === '000000' ? '111111' : '000000' }),
    )
    expect(wrong.name).toBe('CodeMismatchException')
    expect(wrong.message).toBe('Invalid code or auth state for the user.')
    const ok = await respond(s, 'SMS_MFA', challenge.Session, { USERNAME: 'sam', SMS_MFA_CODE: message.code })
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy()
  })

  it('spends the session after three wrong codes', async () => {
    const challenge = await srpSignIn(h.sdk, s, 'sam')
    const code = h.cognito.outbox.last('sam')!.code
    const bad = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 3; i++) {
      expect((await failure(respond(s, 'SMS_MFA', challenge.Session, { USERNAME: 'sam', SMS_MFA_CODE: bad }))).name).toBe(
        'CodeMismatchException',
      )
    }
    const after = await failure(respond(s, 'SMS_MFA', challenge.Session, { USERNAME: 'sam', SMS_MFA_CODE: code }))
    expect(after.message).toBe('Invalid session for the user.')
  })

  it('expires sessions on the server clock', async () => {
    const challenge = await srpSignIn(h.sdk, s, 'sam')
    const code = h.cognito.outbox.last('sam')!.code
    h.cognito.clock.advance(3 * 60_000 + 1000)
    const error = await failure(respond(s, 'SMS_MFA', challenge.Session, { USERNAME: 'sam', SMS_MFA_CODE: code }))
    expect(error.name).toBe('NotAuthorizedException')
    expect(error.message).toBe('Invalid session for the user, session is expired.')
  })
})

describe('TOTP', () => {
  let s: Seeded
  let secret: string
  beforeAll(async () => {
    s = await seed(h.sdk, { pool: { MfaConfiguration: 'ON' }, users: [{ username: 'tina' }] })
    await h.sdk.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: s.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }),
    )
  })

  it('runs MFA_SETUP: AssociateSoftwareToken and VerifySoftwareToken on the session, then tokens', async () => {
    const setup = await srpSignIn(h.sdk, s, 'tina')
    expect(setup.ChallengeName).toBe('MFA_SETUP')
    expect(JSON.parse(setup.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual(['SOFTWARE_TOKEN_MFA'])
    const early = await failure(respond(s, 'MFA_SETUP', undefined, { USERNAME: 'tina' }))
    expect(early.message).toBe('Missing required parameter Session')
    const assoc = await h.sdk.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }))
    secret = assoc.SecretCode!
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    const wrong = await failure(
      h.sdk.send(
        new VerifySoftwareTokenCommand({
          Session: assoc.Session,
          UserCode: '000000' === totp(secret, h.cognito.clock.now()) ? '111111' : '000000',
        }),
      ),
    )
    expect(wrong.name).toBe('EnableSoftwareTokenMFAException')
    expect(wrong.message).toBe('Code mismatch and fail enable Software Token MFA')
    const verified = await h.sdk.send(
      new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: totp(secret, h.cognito.clock.now()) }),
    )
    expect(verified.Status).toBe('SUCCESS')
    const done = await respond(s, 'MFA_SETUP', verified.Session, { USERNAME: 'tina' })
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
  })

  it('then asks SOFTWARE_TOKEN_MFA and checks RFC 6238 codes on the server clock', async () => {
    h.cognito.clock.advance(90_000)
    const challenge = await srpSignIn(h.sdk, s, 'tina')
    expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    const stale = totp(secret, h.cognito.clock.now() - 5 * 60_000)
    if (stale !== totp(secret, h.cognito.clock.now())) {
      expect(
        (await failure(respond(s, 'SOFTWARE_TOKEN_MFA', challenge.Session, { USERNAME: 'tina', SOFTWARE_TOKEN_MFA_CODE: stale }))).name,
      ).toBe('CodeMismatchException')
    }
    const ok = await respond(s, 'SOFTWARE_TOKEN_MFA', challenge.Session, {
      USERNAME: 'tina',
      SOFTWARE_TOKEN_MFA_CODE: totp(secret, h.cognito.clock.now()),
    })
    expect(ok.AuthenticationResult?.IdToken).toBeTruthy()
    const user = await h.sdk.send(new GetUserCommand({ AccessToken: ok.AuthenticationResult!.AccessToken }))
    expect(user.UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA'])
    expect(user.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA')
  })
})

describe('SELECT_MFA_TYPE, EMAIL_OTP and preferences', () => {
  let s: Seeded
  beforeAll(async () => {
    s = await seed(h.sdk, {
      pool: { MfaConfiguration: 'OPTIONAL' },
      users: [
        {
          username: 'max',
          attributes: [
            { Name: 'phone_number', Value: '+15555550199' },
            { Name: 'email', Value: 'max@example.com' },
          ],
        },
      ],
    })
    await h.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: s.poolId,
        MfaConfiguration: 'OPTIONAL',
        SmsMfaConfiguration: {},
        SoftwareTokenMfaConfiguration: { Enabled: true },
        EmailMfaConfiguration: { Message: 'code {####}', Subject: 'code' },
      }),
    )
  })

  it('signs in without MFA while the user has none (OPTIONAL)', async () => {
    expect((await srpSignIn(h.sdk, s, 'max')).AuthenticationResult).toBeTruthy()
  })

  it('refuses to enable TOTP before it is verified, then offers a choice between SMS and TOTP', async () => {
    const tokens = (await srpSignIn(h.sdk, s, 'max')).AuthenticationResult!
    const early = await failure(
      h.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: tokens.AccessToken, SoftwareTokenMfaSettings: { Enabled: true } })),
    )
    expect(early.name).toBe('InvalidParameterException')
    const { SecretCode } = await h.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: tokens.AccessToken }))
    await h.sdk.send(
      new VerifySoftwareTokenCommand({ AccessToken: tokens.AccessToken, UserCode: totp(SecretCode!, h.cognito.clock.now()) }),
    )
    await h.sdk.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: tokens.AccessToken,
        SoftwareTokenMfaSettings: { Enabled: true },
        SMSMfaSettings: { Enabled: true },
      }),
    )
    const select = await srpSignIn(h.sdk, s, 'max')
    expect(select.ChallengeName).toBe('SELECT_MFA_TYPE')
    expect(JSON.parse(select.ChallengeParameters!.MFAS_CAN_CHOOSE!)).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA'])
    const chosen = await respond(s, 'SELECT_MFA_TYPE', select.Session, { USERNAME: 'max', ANSWER: 'SOFTWARE_TOKEN_MFA' })
    expect(chosen.ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    const ok = await respond(s, 'SOFTWARE_TOKEN_MFA', chosen.Session, {
      USERNAME: 'max',
      SOFTWARE_TOKEN_MFA_CODE: totp(SecretCode!, h.cognito.clock.now()),
    })
    expect(ok.AuthenticationResult).toBeTruthy()
  })

  it('sends EMAIL_OTP codes to the outbox when e-mail is preferred', async () => {
    await h.sdk.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: s.poolId,
        Username: 'max',
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    )
    const challenge = await srpSignIn(h.sdk, s, 'max')
    expect(challenge.ChallengeName).toBe('EMAIL_OTP')
    expect(challenge.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'm***@e***' })
    const message = h.cognito.outbox.last('max@example.com')!
    expect(message.channel).toBe('EMAIL')
    const ok = await respond(s, 'EMAIL_OTP', challenge.Session, { USERNAME: 'max', EMAIL_OTP_CODE: message.code })
    expect(ok.AuthenticationResult).toBeTruthy()
  })
})
