// One-time codes of the account operations (sign-up confirmation, password reset, attribute
// verification): expiry, mismatch, the attempt limit, resend, the attribute a code verifies, and
// PreventUserExistenceErrors both ways. Through the real AWS SDK client; codes read from the outbox.
import {
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failure, seed, srpSignIn, start, type Harness, type Seeded } from './helpers'

const PASSWORD = 'Sign-up1!'
const MISMATCH = ['CodeMismatchException', 'Invalid verification code provided, please try again.']
const EXPIRED = ['ExpiredCodeException', 'Invalid code provided, please request a code again.']
const LIMIT = ['LimitExceededException', 'Attempt limit exceeded, please try after some time.']
const NOT_FOUND = ['UserNotFoundException', 'Username/client id combination not found.']
const NO_RECOVERY = [
  'InvalidParameterException',
  'Cannot reset password for the user as there is no registered/verified email or phone_number',
]

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

const other = (code: string) => (code === '000000' ? '111111' : '000000')
const error = async (promise: Promise<unknown>) => {
  const e = await failure(promise)
  return [e.name, e.message]
}
const code = (username: string) => h.cognito.outbox.last(username)!.code

async function signUp(s: Seeded, username: string, attributes: Record<string, string> = { email: `${username}@example.com` }) {
  return h.sdk.send(
    new SignUpCommand({
      ClientId: s.clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  )
}
const confirm = (s: Seeded, username: string, ConfirmationCode: string) =>
  h.sdk.send(new ConfirmSignUpCommand({ ClientId: s.clientId, Username: username, ConfirmationCode }))
const reset = (s: Seeded, username: string, ConfirmationCode: string) =>
  h.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: s.clientId, Username: username, ConfirmationCode, Password: 'Reset-pass1' }))

async function attributes(sdk: CognitoIdentityProviderClient, poolId: string, username: string) {
  const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))
  return Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]))
}

describe('sign-up confirmation codes', () => {
  let s: Seeded
  beforeAll(async () => {
    s = await seed(h.sdk, { pool: { AutoVerifiedAttributes: ['email'] }, users: [] })
  })

  it('takes five wrong answers, then refuses even the right code until a new one is sent', async () => {
    await signUp(s, 'amy')
    const first = code('amy')
    for (let i = 0; i < 5; i++) expect(await error(confirm(s, 'amy', other(first)))).toEqual(MISMATCH)
    expect(await error(confirm(s, 'amy', first))).toEqual(LIMIT)
    await h.sdk.send(new ResendConfirmationCodeCommand({ ClientId: s.clientId, Username: 'amy' }))
    const second = code('amy')
    if (second !== first) expect(await error(confirm(s, 'amy', first))).toEqual(MISMATCH)
    await confirm(s, 'amy', second)
    expect((await attributes(h.sdk, s.poolId, 'amy')).email_verified).toBe('true')
  })

  it('expires a code after a day on the server clock', async () => {
    await signUp(s, 'ben')
    h.cognito.clock.advance(24 * 3600_000 + 1)
    expect(await error(confirm(s, 'ben', code('ben')))).toEqual(EXPIRED)
  })

  it('sends the code to the attribute the pool auto-verifies, and verifies that one only', async () => {
    const phoneFirst = await seed(h.sdk, { pool: { AutoVerifiedAttributes: ['phone_number'] }, users: [] })
    const out = await signUp(phoneFirst, 'cat', { email: 'cat@example.com', phone_number: '+15555550111' })
    expect(out.CodeDeliveryDetails).toEqual({ Destination: '+*******0111', DeliveryMedium: 'SMS', AttributeName: 'phone_number' })
    expect(h.cognito.outbox.last('cat')).toMatchObject({ channel: 'SMS', destination: '+15555550111' })
    await confirm(phoneFirst, 'cat', code('cat'))
    const attrs = await attributes(h.sdk, phoneFirst.poolId, 'cat')
    expect(attrs.phone_number_verified).toBe('true')
    expect(attrs.email_verified).toBeUndefined()
  })
})

describe('password reset codes', () => {
  it('counts wrong answers per code; a new code starts afresh', async () => {
    const s = await seed(h.sdk, {
      users: [
        {
          username: 'dan',
          attributes: [
            { Name: 'email', Value: 'dan@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        },
      ],
    })
    await h.sdk.send(new ForgotPasswordCommand({ ClientId: s.clientId, Username: 'dan' }))
    const first = code('dan')
    for (let i = 0; i < 5; i++) expect(await error(reset(s, 'dan', other(first)))).toEqual(MISMATCH)
    expect(await error(reset(s, 'dan', first))).toEqual(LIMIT)
    await h.sdk.send(new ForgotPasswordCommand({ ClientId: s.clientId, Username: 'dan' }))
    await reset(s, 'dan', code('dan'))
    expect((await srpSignIn(h.sdk, s, 'dan', { password: 'Reset-pass1' })).AuthenticationResult).toBeTruthy()
  })

  it('takes the limit from the codeAttemptLimit option', async () => {
    const strict = await start({ codeAttemptLimit: 2 })
    try {
      const s = await seed(strict.sdk, {
        users: [
          {
            username: 'eli',
            attributes: [
              { Name: 'email', Value: 'eli@example.com' },
              { Name: 'email_verified', Value: 'true' },
            ],
          },
        ],
      })
      await strict.sdk.send(new ForgotPasswordCommand({ ClientId: s.clientId, Username: 'eli' }))
      const right = strict.cognito.outbox.last('eli')!.code
      const send = (c: string) =>
        strict.sdk.send(
          new ConfirmForgotPasswordCommand({ ClientId: s.clientId, Username: 'eli', ConfirmationCode: c, Password: 'Reset-pass1' }),
        )
      expect(await error(send(other(right)))).toEqual(MISMATCH)
      expect(await error(send(other(right)))).toEqual(MISMATCH)
      expect(await error(send(right))).toEqual(LIMIT)
    } finally {
      await strict.cognito.close()
    }
  })
})

describe('attribute verification', () => {
  let s: Seeded
  let token: string
  beforeAll(async () => {
    s = await seed(h.sdk, {
      pool: { AutoVerifiedAttributes: ['email', 'phone_number'] },
      users: [
        {
          username: 'fox',
          attributes: [
            { Name: 'email', Value: 'fox@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        },
      ],
    })
    token = (await srpSignIn(h.sdk, s, 'fox')).AuthenticationResult!.AccessToken!
  })
  const verify = (AttributeName: string, Code: string) =>
    h.sdk.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName, Code }))
  const getCode = (AttributeName: string) => h.sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName }))

  it('UpdateUserAttributes sends one code per changed e-mail and phone, each attribute unverified until its code', async () => {
    const out = await h.sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken: token,
        UserAttributes: [
          { Name: 'email', Value: 'fox@example.org' },
          { Name: 'phone_number', Value: '+15555550122' },
        ],
      }),
    )
    expect(out.CodeDeliveryDetailsList).toEqual([
      { Destination: 'f***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
      { Destination: '+*******0122', DeliveryMedium: 'SMS', AttributeName: 'phone_number' },
    ])
    const attrs = await attributes(h.sdk, s.poolId, 'fox')
    expect([attrs.email_verified, attrs.phone_number_verified]).toEqual(['false', 'false'])
    await verify('phone_number', h.cognito.outbox.last('+15555550122')!.code)
    expect((await attributes(h.sdk, s.poolId, 'fox')).phone_number_verified).toBe('true')
    expect((await attributes(h.sdk, s.poolId, 'fox')).email_verified).toBe('false')
  })

  it('GetUserAttributeVerificationCode sends a new code to the current value; the old one stops working', async () => {
    const old = h.cognito.outbox.last('fox@example.org')!.code
    const out = await getCode('email')
    expect(out.CodeDeliveryDetails).toEqual({ Destination: 'f***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' })
    const message = h.cognito.outbox.last('fox')!
    expect(message).toMatchObject({ channel: 'EMAIL', destination: 'fox@example.org', purpose: 'VERIFICATION' })
    if (old !== message.code) expect(await error(verify('email', old))).toEqual(MISMATCH)
    await verify('email', message.code)
    const user = await h.sdk.send(new GetUserCommand({ AccessToken: token }))
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' })
  })

  it('VerifyUserAttribute has the same attempt limit', async () => {
    await getCode('phone_number')
    const right = h.cognito.outbox.last('fox')!.code
    for (let i = 0; i < 5; i++) expect(await error(verify('phone_number', other(right)))).toEqual(MISMATCH)
    expect(await error(verify('phone_number', right))).toEqual(LIMIT)
  })

  it('refuses an attribute the user lacks or that cannot be verified', async () => {
    const lacking = await seed(h.sdk, { users: [{ username: 'gus' }] })
    const gus = (await srpSignIn(h.sdk, lacking, 'gus')).AuthenticationResult!.AccessToken!
    const noPhone = await failure(
      h.sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: gus, AttributeName: 'phone_number' })),
    )
    expect(noPhone.name).toBe('InvalidParameterException')
    const name = await failure(getCode('name'))
    expect(name.name).toBe('InvalidParameterException')
  })
})

describe('PreventUserExistenceErrors', () => {
  let hidden: Seeded
  let legacy: Seeded
  const users = [
    {
      username: 'hana',
      attributes: [
        { Name: 'email', Value: 'hana@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
    },
    { username: 'ivo' },
  ]
  beforeAll(async () => {
    hidden = await seed(h.sdk, { pool: { AutoVerifiedAttributes: ['email'] }, client: { PreventUserExistenceErrors: 'ENABLED' }, users })
    legacy = await seed(h.sdk, { pool: { AutoVerifiedAttributes: ['email'] }, client: { PreventUserExistenceErrors: 'LEGACY' }, users })
  })
  /** The answer without the request metadata, letters and digits of the masked destination blurred. */
  const shape = (out: { $metadata?: unknown; CodeDeliveryDetails?: { Destination?: string } }) => {
    const { $metadata: _, ...rest } = out
    const details = rest.CodeDeliveryDetails ?? {}
    return { ...rest, CodeDeliveryDetails: { ...details, Destination: details.Destination?.replace(/[a-z0-9]/gi, 'x') } }
  }

  it('ForgotPassword: an unknown user sees what a known user with a verified e-mail sees, and no code is sent', async () => {
    const known = await h.sdk.send(new ForgotPasswordCommand({ ClientId: hidden.clientId, Username: 'hana' }))
    const sent = h.cognito.outbox.messages.length
    const unknown = await h.sdk.send(new ForgotPasswordCommand({ ClientId: hidden.clientId, Username: 'ghost' }))
    expect(shape(unknown)).toEqual(shape(known))
    expect(unknown.CodeDeliveryDetails!.Destination).toMatch(/^g\*\*\*@[a-z]\*\*\*$/)
    const again = await h.sdk.send(new ForgotPasswordCommand({ ClientId: hidden.clientId, Username: 'ghost' }))
    expect(again.CodeDeliveryDetails).toEqual(unknown.CodeDeliveryDetails)
    const mail = await h.sdk.send(new ForgotPasswordCommand({ ClientId: hidden.clientId, Username: 'wraith@example.net' }))
    expect(mail.CodeDeliveryDetails!.Destination).toBe('w***@e***')
    expect(h.cognito.outbox.messages.length).toBe(sent)
    expect(await error(h.sdk.send(new ForgotPasswordCommand({ ClientId: legacy.clientId, Username: 'ghost' })))).toEqual(NOT_FOUND)
  })

  it('ResendConfirmationCode: the same for an unknown user as for a known one', async () => {
    await signUp(hidden, 'jan')
    const known = await h.sdk.send(new ResendConfirmationCodeCommand({ ClientId: hidden.clientId, Username: 'jan' }))
    const sent = h.cognito.outbox.messages.length
    const unknown = await h.sdk.send(new ResendConfirmationCodeCommand({ ClientId: hidden.clientId, Username: 'ghost' }))
    expect(shape(unknown)).toEqual(shape(known))
    expect(h.cognito.outbox.messages.length).toBe(sent)
    const fromLegacy = h.sdk.send(new ResendConfirmationCodeCommand({ ClientId: legacy.clientId, Username: 'ghost' }))
    expect(await error(fromLegacy)).toEqual(NOT_FOUND)
  })

  it('ConfirmSignUp and ConfirmForgotPassword: a code mismatch for an unknown user (ENABLED), UserNotFound (LEGACY)', async () => {
    expect(await error(confirm(hidden, 'ghost', '123456'))).toEqual(MISMATCH)
    expect(await error(reset(hidden, 'ghost', '123456'))).toEqual(MISMATCH)
    expect(await error(confirm(legacy, 'ghost', '123456'))).toEqual(NOT_FOUND)
    expect(await error(reset(legacy, 'ghost', '123456'))).toEqual(NOT_FOUND)
  })

  it('ForgotPassword for a user with no verified e-mail or phone is InvalidParameter, with ENABLED too', async () => {
    expect(await error(h.sdk.send(new ForgotPasswordCommand({ ClientId: hidden.clientId, Username: 'ivo' })))).toEqual(NO_RECOVERY)
    expect(await error(h.sdk.send(new ForgotPasswordCommand({ ClientId: legacy.clientId, Username: 'ivo' })))).toEqual(NO_RECOVERY)
  })
})
