// SignUp, confirmation codes and password reset, with codes read from the outbox.
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failure, seed, srpSignIn, start, type Harness, type Seeded } from './helpers'

let h: Harness
let s: Seeded
beforeAll(async () => {
  h = await start()
  s = await seed(h.sdk, { pool: { AutoVerifiedAttributes: ['email'] }, users: [] })
})
afterAll(() => h.cognito.close())

const other = (code: string) => (code === '000000' ? '111111' : '000000')

describe('sign-up and password reset', () => {
  it('SignUp -> UserNotConfirmedException -> ConfirmSignUp with the outbox code -> sign-in', async () => {
    const out = await h.sdk.send(
      new SignUpCommand({
        ClientId: s.clientId,
        Username: 'sue',
        Password: 'Sign-up1!',
        UserAttributes: [{ Name: 'email', Value: 'sue@example.com' }],
      }),
    )
    expect(out.UserConfirmed).toBe(false)
    expect(out.CodeDeliveryDetails).toEqual({ Destination: 's***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' })
    const early = await failure(srpSignIn(h.sdk, s, 'sue', { password: 'Sign-up1!' }))
    expect(early.name).toBe('UserNotConfirmedException')
    await h.sdk.send(new ResendConfirmationCodeCommand({ ClientId: s.clientId, Username: 'sue' }))
    const { code } = h.cognito.outbox.last('sue')!
    const wrong = await failure(
      h.sdk.send(new ConfirmSignUpCommand({ ClientId: s.clientId, Username: 'sue', ConfirmationCode: other(code) })),
    )
    expect(wrong.name).toBe('CodeMismatchException')
    await h.sdk.send(new ConfirmSignUpCommand({ ClientId: s.clientId, Username: 'sue', ConfirmationCode: code }))
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: s.poolId, Username: 'sue' }))
    expect(user.UserStatus).toBe('CONFIRMED')
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' })
    expect((await srpSignIn(h.sdk, s, 'sue', { password: 'Sign-up1!' })).AuthenticationResult).toBeTruthy()
    const again = await failure(h.sdk.send(new SignUpCommand({ ClientId: s.clientId, Username: 'sue', Password: 'Sign-up1!' })))
    expect(again.name).toBe('UsernameExistsException')
  })

  it('AdminConfirmSignUp confirms without a code', async () => {
    await h.sdk.send(new SignUpCommand({ ClientId: s.clientId, Username: 'ann', Password: 'Sign-up1!' }))
    await h.sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: s.poolId, Username: 'ann' }))
    expect((await srpSignIn(h.sdk, s, 'ann', { password: 'Sign-up1!' })).AuthenticationResult).toBeTruthy()
  })

  it('ForgotPassword sends a code to the verified e-mail; codes expire on the server clock', async () => {
    const sent = await h.sdk.send(new ForgotPasswordCommand({ ClientId: s.clientId, Username: 'sue' }))
    expect(sent.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL')
    const first = h.cognito.outbox.last('sue')!.code
    h.cognito.clock.advance(2 * 3600_000)
    const expired = await failure(
      h.sdk.send(
        new ConfirmForgotPasswordCommand({ ClientId: s.clientId, Username: 'sue', ConfirmationCode: first, Password: 'Reset-pass1' }),
      ),
    )
    expect(expired.name).toBe('ExpiredCodeException')
    await h.sdk.send(new ForgotPasswordCommand({ ClientId: s.clientId, Username: 'sue' }))
    const code = h.cognito.outbox.last('sue')!.code
    await h.sdk.send(
      new ConfirmForgotPasswordCommand({ ClientId: s.clientId, Username: 'sue', ConfirmationCode: code, Password: 'Reset-pass1' }),
    )
    expect((await srpSignIn(h.sdk, s, 'sue', { password: 'Reset-pass1' })).AuthenticationResult).toBeTruthy()
    const noDestination = await failure(h.sdk.send(new ForgotPasswordCommand({ ClientId: s.clientId, Username: 'ann' })))
    expect(noDestination.name).toBe('InvalidParameterException')
  })

  it('hides unknown users from ForgotPassword when PreventUserExistenceErrors is ENABLED', async () => {
    const hidden = await seed(h.sdk, { client: { PreventUserExistenceErrors: 'ENABLED' }, users: [] })
    const out = await h.sdk.send(new ForgotPasswordCommand({ ClientId: hidden.clientId, Username: 'ghost' }))
    expect(out.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL')
    const legacy = await failure(h.sdk.send(new ForgotPasswordCommand({ ClientId: s.clientId, Username: 'ghost' })))
    expect(legacy.name).toBe('UserNotFoundException')
  })
})
