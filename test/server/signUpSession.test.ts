// Auto sign-in after sign-up (Session chaining): SignUp's Session (S1) into ConfirmSignUp, whose Session
// (S2) signs the user in through InitiateAuth USER_AUTH, the confirmation code standing for the first
// factor. Through the real AWS SDK client, codes read from the outbox, sessions expired on the server's clock.
import {
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secretHash } from '../../src/srp'
import { claims, failure, srpSignIn, start, seed, type Harness, type Seeded } from './helpers'

const FLOWS: CreateUserPoolClientCommandInput['ExplicitAuthFlows'] = ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']
const SIGN_UP_PASSWORD = 'Sign-up1!'

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

async function pool(pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) {
  return seed(h.sdk, { pool: { AutoVerifiedAttributes: ['email'], ...pool }, client: { ExplicitAuthFlows: FLOWS, ...client }, users: [] })
}

const hashFor = async (s: Seeded, username: string) =>
  s.clientSecret ? { SecretHash: await secretHash({ clientId: s.clientId, clientSecret: s.clientSecret, username }) } : {}

/** SignUp then ConfirmSignUp with the outbox code; returns S1 and S2. */
async function signUpAndConfirm(s: Seeded, username: string, opts: { withS1?: boolean; phone?: string } = {}) {
  const attributes = [{ Name: 'email', Value: `${username}@example.com` }]
  if (opts.phone) attributes.push({ Name: 'phone_number', Value: opts.phone })
  const up = await h.sdk.send(
    new SignUpCommand({
      ClientId: s.clientId,
      Username: username,
      Password: SIGN_UP_PASSWORD,
      UserAttributes: attributes,
      ...(await hashFor(s, username)),
    }),
  )
  const code = h.cognito.outbox.last(username)!.code
  const confirmed = await h.sdk.send(
    new ConfirmSignUpCommand({
      ClientId: s.clientId,
      Username: username,
      ConfirmationCode: code,
      ...(opts.withS1 === false ? {} : { Session: up.Session }),
      ...(await hashFor(s, username)),
    }),
  )
  return { s1: up.Session!, s2: confirmed.Session! }
}

const userAuth = (s: Seeded, session: string | undefined, params: Record<string, string>) =>
  h.sdk.send(new InitiateAuthCommand({ ClientId: s.clientId, AuthFlow: 'USER_AUTH', AuthParameters: params, Session: session }))

describe('auto sign-in after sign-up', () => {
  it('SignUp -> code from the outbox -> ConfirmSignUp with S1 -> USER_AUTH with S2 -> tokens and NewDeviceMetadata', async () => {
    const s = await pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } })
    const { s1, s2 } = await signUpAndConfirm(s, 'ada')
    expect(s1).toMatch(/^[\w-]{20,}$/)
    expect(s2).toMatch(/^[\w-]{20,}$/)
    expect(s2).not.toBe(s1)
    const out = await userAuth(s, s2, { USERNAME: 'ada' })
    expect(out.ChallengeName).toBeUndefined()
    const result = out.AuthenticationResult!
    expect(result.NewDeviceMetadata?.DeviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/)
    expect(claims(result.AccessToken)).toMatchObject({ username: 'ada', device_key: result.NewDeviceMetadata!.DeviceKey })
    expect(claims(result.IdToken)).toMatchObject({ email: 'ada@example.com', email_verified: true })
    expect(result.RefreshToken).toBeTruthy()
  })

  it('gives S2 without S1 too, and checks SECRET_HASH for a client with a secret', async () => {
    const s = await pool({}, { GenerateSecret: true })
    const { s2 } = await signUpAndConfirm(s, 'bea', { withS1: false })
    const missing = await failure(userAuth(s, s2, { USERNAME: 'bea' }))
    expect(missing.name).toBe('NotAuthorizedException')
    expect(missing.message).toContain('SECRET_HASH was not received')
    const hash = await secretHash({ clientId: s.clientId, clientSecret: s.clientSecret!, username: 'bea' })
    const out = await userAuth(s, s2, { USERNAME: 'bea', SECRET_HASH: hash })
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(out.AuthenticationResult?.NewDeviceMetadata).toBeUndefined()
  })

  it('asks for MFA set-up when the pool requires MFA and the user has none', async () => {
    const s = await pool({ MfaConfiguration: 'ON' })
    const { s2 } = await signUpAndConfirm(s, 'cal')
    const out = await userAuth(s, s2, { USERNAME: 'cal' })
    expect(out.ChallengeName).toBe('MFA_SETUP')
    expect(out.ChallengeParameters).toMatchObject({ MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' })
    expect(out.AuthenticationResult).toBeUndefined()
    // Spent although the sign-in has not ended yet.
    const again = await failure(userAuth(s, s2, { USERNAME: 'cal' }))
    expect([again.name, again.message]).toEqual(['NotAuthorizedException', 'Invalid session for the user, session can only be used once.'])
  })

  it('asks for the SMS code when the pool requires MFA and the user has a phone', async () => {
    const s = await pool({ MfaConfiguration: 'ON' })
    const { s2 } = await signUpAndConfirm(s, 'dee', { phone: '+15555550188' })
    const out = await userAuth(s, s2, { USERNAME: 'dee' })
    expect(out.ChallengeName).toBe('SMS_MFA')
    const code = h.cognito.outbox.last('dee')!
    expect(code).toMatchObject({ purpose: 'MFA', channel: 'SMS' })
    const done = await h.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: s.clientId,
        ChallengeName: 'SMS_MFA',
        Session: out.Session,
        ChallengeResponses: { USERNAME: 'dee', SMS_MFA_CODE: code.code },
      }),
    )
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
  })

  it('refuses a reused, expired, foreign, wrong-stage or made-up session', async () => {
    const s = await pool()
    const eve = await signUpAndConfirm(s, 'eve')
    const fay = await signUpAndConfirm(s, 'fay', { withS1: false })
    const foreign = await failure(userAuth(s, fay.s2, { USERNAME: 'eve' }))
    expect([foreign.name, foreign.message]).toEqual(['NotAuthorizedException', 'Invalid session for the user.'])
    // SignUp's own Session (unspent: fay confirmed without it) is not ConfirmSignUp's.
    const s1 = await failure(userAuth(s, fay.s1, { USERNAME: 'fay' }))
    expect([s1.name, s1.message]).toEqual(['NotAuthorizedException', 'Invalid session for the user.'])
    const madeUp = await failure(userAuth(s, 'x'.repeat(64), { USERNAME: 'eve' }))
    expect([madeUp.name, madeUp.message]).toEqual(['NotAuthorizedException', 'Invalid session for the user.'])
    expect((await userAuth(s, eve.s2, { USERNAME: 'eve' })).AuthenticationResult).toBeTruthy()
    const reused = await failure(userAuth(s, eve.s2, { USERNAME: 'eve' }))
    expect(reused.name).toBe('NotAuthorizedException')
    expect(reused.message).toMatch(/^Invalid session for the user/)
    h.cognito.clock.advance(3 * 60_000 + 1)
    const expired = await failure(userAuth(s, fay.s2, { USERNAME: 'fay' }))
    expect([expired.name, expired.message]).toEqual(['NotAuthorizedException', 'Invalid session for the user, session is expired.'])
  })

  it("lives for the client's AuthSessionValidity, on the server's clock", async () => {
    const s = await pool({}, { AuthSessionValidity: 10 })
    const { s2 } = await signUpAndConfirm(s, 'gil')
    h.cognito.clock.advance(9 * 60_000)
    expect((await userAuth(s, s2, { USERNAME: 'gil' })).AuthenticationResult).toBeTruthy()
  })

  it('is good only for the first sign-in after confirmation', async () => {
    const s = await pool()
    const { s2 } = await signUpAndConfirm(s, 'hal')
    expect((await srpSignIn(h.sdk, s, 'hal', { password: SIGN_UP_PASSWORD })).AuthenticationResult).toBeTruthy()
    const late = await failure(userAuth(s, s2, { USERNAME: 'hal' }))
    expect([late.name, late.message]).toEqual(['NotAuthorizedException', 'Invalid session for the user.'])
  })

  it('needs ALLOW_USER_AUTH; without the session, USER_AUTH is choice-based sign-in and signs no one in by itself', async () => {
    const s = await pool({}, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })
    const { s2 } = await signUpAndConfirm(s, 'ida')
    const disallowed = await failure(userAuth(s, s2, { USERNAME: 'ida' }))
    expect([disallowed.name, disallowed.message]).toEqual(['InvalidParameterException', 'USER_AUTH flow not enabled for this client'])
    const allowed = await pool()
    await signUpAndConfirm(allowed, 'ida')
    const noSession = await userAuth(allowed, undefined, { USERNAME: 'ida' })
    expect(noSession.ChallengeName).toBe('SELECT_CHALLENGE')
    expect(noSession.AuthenticationResult).toBeUndefined()
  })

  it("checks ConfirmSignUp's S1 before taking the code", async () => {
    const s = await pool()
    const jo = await h.sdk.send(
      new SignUpCommand({
        ClientId: s.clientId,
        Username: 'jo',
        Password: SIGN_UP_PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'jo@example.com' }],
      }),
    )
    const kim = await h.sdk.send(
      new SignUpCommand({
        ClientId: s.clientId,
        Username: 'kim',
        Password: SIGN_UP_PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'kim@example.com' }],
      }),
    )
    const code = h.cognito.outbox.last('jo')!.code
    const foreign = await failure(
      h.sdk.send(new ConfirmSignUpCommand({ ClientId: s.clientId, Username: 'jo', ConfirmationCode: code, Session: kim.Session })),
    )
    expect([foreign.name, foreign.message]).toEqual(['NotAuthorizedException', 'Invalid session for the user.'])
    const ok = await h.sdk.send(
      new ConfirmSignUpCommand({ ClientId: s.clientId, Username: 'jo', ConfirmationCode: code, Session: jo.Session }),
    )
    expect((await userAuth(s, ok.Session, { USERNAME: 'jo' })).AuthenticationResult).toBeTruthy()
  })

  it('answers an unknown DEVICE_KEY with Device does not exist and leaves the session for a retry without it', async () => {
    const s = await pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } })
    const { s2 } = await signUpAndConfirm(s, 'lou')
    const stale = await failure(userAuth(s, s2, { USERNAME: 'lou', DEVICE_KEY: 'us-east-1_00000000-0000-4000-8000-000000000000' }))
    expect([stale.name, stale.message]).toEqual(['ResourceNotFoundException', 'Device does not exist.'])
    const out = await userAuth(s, s2, { USERNAME: 'lou' })
    expect(out.AuthenticationResult?.NewDeviceMetadata).toBeTruthy()
  })
})

describe("autoSignInAnswer: 'selectChallenge'", () => {
  let other: Harness
  beforeAll(async () => {
    other = await start({ autoSignInAnswer: 'selectChallenge' })
  })
  afterAll(() => other.cognito.close())

  it('answers SELECT_CHALLENGE with PASSWORD_SRP and PASSWORD instead of signing in; the choice, made with the password, signs in', async () => {
    const s = await seed(other.sdk, { pool: { AutoVerifiedAttributes: ['email'] }, client: { ExplicitAuthFlows: FLOWS }, users: [] })
    const up = await other.sdk.send(
      new SignUpCommand({
        ClientId: s.clientId,
        Username: 'max',
        Password: SIGN_UP_PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'max@example.com' }],
      }),
    )
    const code = other.cognito.outbox.last('max')!.code
    const { Session } = await other.sdk.send(
      new ConfirmSignUpCommand({ ClientId: s.clientId, Username: 'max', ConfirmationCode: code, Session: up.Session }),
    )
    const out = await other.sdk.send(
      new InitiateAuthCommand({ ClientId: s.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'max' }, Session }),
    )
    expect(out.ChallengeName).toBe('SELECT_CHALLENGE')
    expect(out.AvailableChallenges).toEqual(['PASSWORD_SRP', 'PASSWORD'])
    expect(out.Session).toBeTruthy()
    expect(out.AuthenticationResult).toBeUndefined()
    const answer = (ANSWER: string, PASSWORD: string) =>
      other.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: s.clientId,
          ChallengeName: 'SELECT_CHALLENGE',
          Session: out.Session,
          ChallengeResponses: { USERNAME: 'max', ANSWER, PASSWORD },
        }),
      )
    // Only what was offered may be chosen: the e-mail code was not, although the address is verified.
    const unoffered = await failure(answer('EMAIL_OTP', SIGN_UP_PASSWORD))
    expect(unoffered.name).toBe('InvalidParameterException')
    const done = await answer('PASSWORD', SIGN_UP_PASSWORD)
    expect(claims(done.AuthenticationResult?.AccessToken)).toMatchObject({ username: 'max', token_use: 'access' })
  })
})
