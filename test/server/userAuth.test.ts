// Choice-based sign-in (InitiateAuth with AuthFlow USER_AUTH, no Session): the pool's AllowedFirstAuthFactors,
// AvailableChallenges, SELECT_CHALLENGE (choose, or choose and answer in one step), PREFERRED_CHALLENGE, and each
// first factor (PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP) with its wrong answers. Through the real AWS SDK client;
// codes read from the outbox.
import { CreateUserPoolCommand, DescribeUserPoolCommand, UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claims, failure, PASSWORD, seed, start, type Harness, type Seeded } from './helpers'
import { codeOf, contact, ephemeral, offered, respond, USER_AUTH_CLIENT, userAuth, verifyPassword } from './userAuthHelpers'

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

const ALL_FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] as const
const factors = (...f: ('PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN')[]) => ({
  Policies: { SignInPolicy: { AllowedFirstAuthFactors: f } },
})
const signedIn = (out: { AuthenticationResult?: { AccessToken?: string; RefreshToken?: string } }, username: string) => {
  expect(out.AuthenticationResult?.RefreshToken).toBeTruthy()
  expect(claims(out.AuthenticationResult?.AccessToken)).toMatchObject({ username, token_use: 'access' })
}

describe('the pool setting: Policies.SignInPolicy.AllowedFirstAuthFactors', () => {
  const describePolicy = async (UserPoolId: string) => (await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool?.Policies

  it('is PASSWORD alone by default, and CreateUserPool / UpdateUserPool set what DescribeUserPool shows', async () => {
    const plain = (await h.sdk.send(new CreateUserPoolCommand({ PoolName: 'plain' }))).UserPool!
    expect(plain.Policies?.SignInPolicy).toEqual({ AllowedFirstAuthFactors: ['PASSWORD'] })
    const created = await h.sdk.send(new CreateUserPoolCommand({ PoolName: 'otp', ...factors('PASSWORD', 'EMAIL_OTP') }))
    expect((await describePolicy(created.UserPool!.Id!))?.SignInPolicy).toEqual({ AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] })
    await h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: plain.Id!, ...factors('SMS_OTP', 'PASSWORD', 'WEB_AUTHN') }))
    const updated = (await describePolicy(plain.Id!))?.SignInPolicy?.AllowedFirstAuthFactors
    expect([...(updated ?? [])].sort()).toEqual(['PASSWORD', 'SMS_OTP', 'WEB_AUTHN'])
  })

  it('refuses a policy without PASSWORD, with SOFTWARE_TOKEN or an unknown factor, empty or too long, and changes nothing then', async () => {
    const pool = (await h.sdk.send(new CreateUserPoolCommand({ PoolName: 'strict', ...factors('PASSWORD', 'EMAIL_OTP') }))).UserPool!
    const bad: unknown[][] = [
      ['EMAIL_OTP'],
      ['PASSWORD', 'SOFTWARE_TOKEN'],
      ['PASSWORD', 'MAGIC_LINK'],
      [],
      ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN', 'PASSWORD'],
    ]
    for (const list of bad) {
      const Policies = { SignInPolicy: { AllowedFirstAuthFactors: list as 'PASSWORD'[] } }
      expect((await failure(h.sdk.send(new CreateUserPoolCommand({ PoolName: 'bad', Policies })))).name).toBe('InvalidParameterException')
      const update = await failure(h.sdk.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id!, Policies })))
      expect(update.name).toBe('InvalidParameterException')
    }
    expect((await describePolicy(pool.Id!))?.SignInPolicy).toEqual({ AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] })
  })
})

describe('InitiateAuth USER_AUTH', () => {
  let s: Seeded
  beforeAll(async () => {
    s = await seed(h.sdk, {
      pool: factors(...ALL_FACTORS, 'WEB_AUTHN'),
      client: USER_AUTH_CLIENT,
      users: [
        { username: 'eve', attributes: contact('eve') },
        {
          username: 'ned',
          attributes: [
            { Name: 'email', Value: 'ned@example.com' },
            { Name: 'phone_number', Value: '+15555550143' },
          ],
        },
      ],
    })
  })

  it('needs ALLOW_USER_AUTH on the app client', async () => {
    const other = await seed(h.sdk, { pool: factors(...ALL_FACTORS), users: [] })
    const refused = await failure(userAuth(h, other, { USERNAME: 'eve' }))
    expect([refused.name, refused.message]).toEqual(['InvalidParameterException', 'USER_AUTH flow not enabled for this client'])
  })

  it('without PREFERRED_CHALLENGE answers SELECT_CHALLENGE with the factors the pool allows and the user can use', async () => {
    const eve = await userAuth(h, s, { USERNAME: 'eve' })
    expect(eve.ChallengeName).toBe('SELECT_CHALLENGE')
    expect(eve.Session).toBeTruthy()
    expect(eve.AuthenticationResult).toBeUndefined()
    // WEB_AUTHN is allowed by the pool but eve has no passkey.
    expect(offered(eve)).toEqual(['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP', 'SMS_OTP'])
    // An e-mail address and a phone number, neither verified: the password factors only.
    expect(offered(await userAuth(h, s, { USERNAME: 'ned' }))).toEqual(['PASSWORD', 'PASSWORD_SRP'])
    const passwordOnly = await seed(h.sdk, { client: USER_AUTH_CLIENT, users: [{ username: 'eve', attributes: contact('eve') }] })
    expect(offered(await userAuth(h, passwordOnly, { USERNAME: 'eve' }))).toEqual(['PASSWORD', 'PASSWORD_SRP'])
  })

  it('SELECT_CHALLENGE with ANSWER PASSWORD and the password signs in (the client allows no password flow but USER_AUTH)', async () => {
    const select = await userAuth(h, s, { USERNAME: 'eve' })
    signedIn(await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'eve', ANSWER: 'PASSWORD', PASSWORD }), 'eve')
  })

  it('SELECT_CHALLENGE with ANSWER PASSWORD_SRP and SRP_A answers PASSWORD_VERIFIER, whose answer signs in', async () => {
    const select = await userAuth(h, s, { USERNAME: 'eve' })
    const eph = await ephemeral()
    const verifier = await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'eve', ANSWER: 'PASSWORD_SRP', SRP_A: eph.srpA })
    expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER')
    expect(verifier.ChallengeParameters).toMatchObject({ USER_ID_FOR_SRP: 'eve', SALT: expect.any(String), SRP_B: expect.any(String) })
    signedIn(await verifyPassword(h, s, verifier, eph), 'eve')
  })

  it('a choice without its credential asks for it in a PASSWORD or PASSWORD_SRP challenge', async () => {
    const first = await userAuth(h, s, { USERNAME: 'eve' })
    const ask = await respond(h, s, 'SELECT_CHALLENGE', first.Session, { USERNAME: 'eve', ANSWER: 'PASSWORD' })
    expect(ask.ChallengeName).toBe('PASSWORD')
    signedIn(await respond(h, s, 'PASSWORD', ask.Session, { USERNAME: 'eve', PASSWORD }), 'eve')
    const second = await userAuth(h, s, { USERNAME: 'eve' })
    const askSrp = await respond(h, s, 'SELECT_CHALLENGE', second.Session, { USERNAME: 'eve', ANSWER: 'PASSWORD_SRP' })
    expect(askSrp.ChallengeName).toBe('PASSWORD_SRP')
    const eph = await ephemeral()
    const verifier = await respond(h, s, 'PASSWORD_SRP', askSrp.Session, { USERNAME: 'eve', SRP_A: eph.srpA })
    expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER')
    signedIn(await verifyPassword(h, s, verifier, eph), 'eve')
  })

  it('SELECT_CHALLENGE with EMAIL_OTP sends a code to the address; EMAIL_OTP_CODE signs in', async () => {
    const select = await userAuth(h, s, { USERNAME: 'eve' })
    const otp = await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'eve', ANSWER: 'EMAIL_OTP' })
    expect(otp.ChallengeName).toBe('EMAIL_OTP')
    expect(otp.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'e***@e***' })
    expect(h.cognito.outbox.last('eve')).toMatchObject({ channel: 'EMAIL', destination: 'eve@example.com', purpose: 'SIGN_IN' })
    signedIn(await respond(h, s, 'EMAIL_OTP', otp.Session, { USERNAME: 'eve', EMAIL_OTP_CODE: codeOf(h, 'eve') }), 'eve')
  })

  it('SELECT_CHALLENGE with SMS_OTP texts a code to the phone; SMS_OTP_CODE signs in', async () => {
    const select = await userAuth(h, s, { USERNAME: 'eve' })
    const otp = await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'eve', ANSWER: 'SMS_OTP' })
    expect(otp.ChallengeName).toBe('SMS_OTP')
    expect(otp.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0142' })
    expect(h.cognito.outbox.last('eve')).toMatchObject({ channel: 'SMS', destination: '+15555550142' })
    signedIn(await respond(h, s, 'SMS_OTP', otp.Session, { USERNAME: 'eve', SMS_OTP_CODE: codeOf(h, 'eve') }), 'eve')
  })

  it('PREFERRED_CHALLENGE starts that factor when the user can use it', async () => {
    signedIn(await userAuth(h, s, { USERNAME: 'eve', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }), 'eve')
    const eph = await ephemeral()
    const verifier = await userAuth(h, s, { USERNAME: 'eve', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: eph.srpA })
    expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER')
    signedIn(await verifyPassword(h, s, verifier, eph), 'eve')
    const email = await userAuth(h, s, { USERNAME: 'eve', PREFERRED_CHALLENGE: 'EMAIL_OTP' })
    expect([email.ChallengeName, email.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM]).toEqual(['EMAIL_OTP', 'EMAIL'])
    const sms = await userAuth(h, s, { USERNAME: 'eve', PREFERRED_CHALLENGE: 'SMS_OTP' })
    expect([sms.ChallengeName, sms.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM]).toEqual(['SMS_OTP', 'SMS'])
    signedIn(await respond(h, s, 'SMS_OTP', sms.Session, { USERNAME: 'eve', SMS_OTP_CODE: codeOf(h, 'eve') }), 'eve')
  })

  it('a PREFERRED_CHALLENGE the user cannot use gets SELECT_CHALLENGE (and sends nothing); one that is no first factor is refused', async () => {
    const before = h.cognito.outbox.messages.length
    const ned = await userAuth(h, s, { USERNAME: 'ned', PREFERRED_CHALLENGE: 'EMAIL_OTP' })
    expect([ned.ChallengeName, offered(ned)]).toEqual(['SELECT_CHALLENGE', ['PASSWORD', 'PASSWORD_SRP']])
    expect((await userAuth(h, s, { USERNAME: 'eve', PREFERRED_CHALLENGE: 'WEB_AUTHN' })).ChallengeName).toBe('SELECT_CHALLENGE')
    expect(h.cognito.outbox.messages.length).toBe(before)
    const wrong = await failure(userAuth(h, s, { USERNAME: 'eve', PREFERRED_CHALLENGE: 'SMS_MFA' }))
    expect(wrong.name).toBe('InvalidParameterException')
  })

  it('a wrong password is NotAuthorizedException, at InitiateAuth and in SELECT_CHALLENGE (whose session takes a retry)', async () => {
    const direct = await failure(userAuth(h, s, { USERNAME: 'eve', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wrong-passw0rd' }))
    expect([direct.name, direct.message]).toEqual(['NotAuthorizedException', 'Incorrect username or password.'])
    const select = await userAuth(h, s, { USERNAME: 'eve' })
    const wrong = await failure(
      respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'eve', ANSWER: 'PASSWORD', PASSWORD: 'Nope-1234' }),
    )
    expect([wrong.name, wrong.message]).toEqual(['NotAuthorizedException', 'Incorrect username or password.'])
    signedIn(await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'eve', ANSWER: 'PASSWORD', PASSWORD }), 'eve')
  })

  it('a wrong code is CodeMismatchException; the right one then passes, and three wrong ones end the session', async () => {
    const otp = await userAuth(h, s, { USERNAME: 'eve', PREFERRED_CHALLENGE: 'EMAIL_OTP' })
    const code = codeOf(h, 'eve')
    const bad = code === '00000000' ? '11111111' : '00000000'
    const wrong = await failure(respond(h, s, 'EMAIL_OTP', otp.Session, { USERNAME: 'eve', EMAIL_OTP_CODE: bad }))
    expect([wrong.name, wrong.message]).toEqual(['CodeMismatchException', 'Invalid code or auth state for the user.'])
    signedIn(await respond(h, s, 'EMAIL_OTP', otp.Session, { USERNAME: 'eve', EMAIL_OTP_CODE: code }), 'eve')
    const sms = await userAuth(h, s, { USERNAME: 'eve', PREFERRED_CHALLENGE: 'SMS_OTP' })
    const smsCode = codeOf(h, 'eve')
    for (let i = 0; i < 3; i++) {
      const name = (await failure(respond(h, s, 'SMS_OTP', sms.Session, { USERNAME: 'eve', SMS_OTP_CODE: bad }))).name
      expect(name).toBe('CodeMismatchException')
    }
    const after = await failure(respond(h, s, 'SMS_OTP', sms.Session, { USERNAME: 'eve', SMS_OTP_CODE: smsCode }))
    expect([after.name, after.message]).toEqual(['NotAuthorizedException', 'Invalid session for the user.'])
  })

  it('refuses an ANSWER that was not offered or is missing, keeping the session; a spent session is refused', async () => {
    const select = await userAuth(h, s, { USERNAME: 'ned' })
    const sent = h.cognito.outbox.messages.length
    for (const ANSWER of ['EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN', 'SMS_MFA']) {
      const refused = await failure(respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ned', ANSWER }))
      expect(refused.name).toBe('InvalidParameterException')
    }
    expect(h.cognito.outbox.messages.length).toBe(sent)
    expect((await failure(respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ned' }))).name).toBe('InvalidParameterException')
    signedIn(await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ned', ANSWER: 'PASSWORD', PASSWORD }), 'ned')
    const replay = await failure(respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ned', ANSWER: 'PASSWORD', PASSWORD }))
    expect([replay.name, replay.message]).toEqual([
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    ])
  })

  it('refuses a disabled user, and an answer under another user name', async () => {
    const select = await userAuth(h, s, { USERNAME: 'eve' })
    const other = await failure(respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ned', ANSWER: 'PASSWORD', PASSWORD }))
    expect(other.name).toBe('NotAuthorizedException')
    const { AdminDisableUserCommand } = await import('@aws-sdk/client-cognito-identity-provider')
    await h.sdk.send(new AdminDisableUserCommand({ UserPoolId: s.poolId, Username: 'ned' }))
    const disabled = await failure(userAuth(h, s, { USERNAME: 'ned' }))
    expect([disabled.name, disabled.message]).toEqual(['NotAuthorizedException', 'User is disabled.'])
  })
})

describe('client secret, unknown users, AdminInitiateAuth', () => {
  it('with a client secret, needs SECRET_HASH at InitiateAuth and in each answer', async () => {
    const s = await seed(h.sdk, {
      pool: factors(...ALL_FACTORS),
      client: { ...USER_AUTH_CLIENT, GenerateSecret: true },
      users: [{ username: 'sid' }],
    })
    const bare = { ...s, clientSecret: undefined }
    const missing = await failure(userAuth(h, bare, { USERNAME: 'sid' }))
    expect([missing.name, missing.message]).toEqual([
      'NotAuthorizedException',
      `Client ${s.clientId} is configured with secret but SECRET_HASH was not received`,
    ])
    const select = await userAuth(h, s, { USERNAME: 'sid' })
    const unhashed = await failure(respond(h, bare, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'sid', ANSWER: 'PASSWORD', PASSWORD }))
    expect(unhashed.name).toBe('NotAuthorizedException')
    signedIn(await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'sid', ANSWER: 'PASSWORD', PASSWORD }), 'sid')
  })

  it('an unknown user is UserNotFoundException (PreventUserExistenceErrors LEGACY)', async () => {
    const s = await seed(h.sdk, { pool: factors(...ALL_FACTORS), client: USER_AUTH_CLIENT, users: [] })
    const unknown = await failure(userAuth(h, s, { USERNAME: 'ghost' }))
    expect([unknown.name, unknown.message]).toEqual(['UserNotFoundException', 'User does not exist.'])
  })

  it('with PreventUserExistenceErrors, an unknown user gets the password factors, and every answer fails as a wrong password', async () => {
    const client = { ...USER_AUTH_CLIENT, PreventUserExistenceErrors: 'ENABLED' as const }
    const s = await seed(h.sdk, { pool: factors(...ALL_FACTORS), client, users: [{ username: 'kit' }] })
    const real = await userAuth(h, s, { USERNAME: 'kit' })
    const ghost = await userAuth(h, s, { USERNAME: 'ghost' })
    // kit has no verified address: the same offer, the same shape.
    expect([ghost.ChallengeName, offered(ghost), Object.keys(ghost.ChallengeParameters ?? {})]).toEqual([
      real.ChallengeName,
      offered(real),
      Object.keys(real.ChallengeParameters ?? {}),
    ])
    const wrong = await failure(respond(h, s, 'SELECT_CHALLENGE', ghost.Session, { USERNAME: 'ghost', ANSWER: 'PASSWORD', PASSWORD }))
    expect([wrong.name, wrong.message]).toEqual(['NotAuthorizedException', 'Incorrect username or password.'])
    const eph = await ephemeral()
    const verifier = await respond(h, s, 'SELECT_CHALLENGE', ghost.Session, { USERNAME: 'ghost', ANSWER: 'PASSWORD_SRP', SRP_A: eph.srpA })
    expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER')
    const claim = await failure(verifyPassword(h, s, verifier, eph))
    expect([claim.name, claim.message]).toEqual(['NotAuthorizedException', 'Incorrect username or password.'])
    const preferred = await failure(userAuth(h, s, { USERNAME: 'ghost', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }))
    expect(preferred.message).toBe('Incorrect username or password.')
  })

  it('AdminInitiateAuth takes USER_AUTH too (without a Session), answered by AdminRespondToAuthChallenge', async () => {
    const { AdminRespondToAuthChallengeCommand } = await import('@aws-sdk/client-cognito-identity-provider')
    const s = await seed(h.sdk, { pool: factors(...ALL_FACTORS), client: USER_AUTH_CLIENT, users: [{ username: 'ada' }] })
    signedIn(await userAuth(h, s, { USERNAME: 'ada', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }, true), 'ada')
    const select = await userAuth(h, s, { USERNAME: 'ada' }, true)
    expect(select.ChallengeName).toBe('SELECT_CHALLENGE')
    // An admin sign-in's session is not answered by the public operation, and the other way round.
    expect((await failure(respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ada', ANSWER: 'PASSWORD', PASSWORD }))).name).toBe(
      'NotAuthorizedException',
    )
    const done = await h.sdk.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: s.poolId,
        ClientId: s.clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: select.Session,
        ChallengeResponses: { USERNAME: 'ada', ANSWER: 'PASSWORD', PASSWORD },
      }),
    )
    signedIn(done, 'ada')
  })
})
