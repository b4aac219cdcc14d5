// amazon-cognito-identity-js, a client nobody here wrote, signs in to the local server unchanged:
// SRP + TOTP, ConfirmDevice and remember, sign-out, DEVICE_SRP_AUTH without MFA, a wrong password,
// and sign-in after an admin forgot the device. It also signs up, confirms with the outbox code, resends
// it, and resets a password, then signs in with the new one.
import {
  AdminForgetDeviceCommand,
  AdminInitiateAuthCommand,
  AdminListDevicesCommand,
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CodeDeliveryDetails,
  type CognitoUserSession,
  type ISignUpResult,
} from 'amazon-cognito-identity-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { totp } from '../../src/testing'
import { claims, failure, PASSWORD, seed, start, type Harness, type Seeded } from './helpers'

let h: Harness
let s: Seeded
let secret: string
let pool: CognitoUserPool

beforeAll(async () => {
  h = await start()
  s = await seed(h.sdk, {
    pool: {
      MfaConfiguration: 'OPTIONAL',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    },
    users: [{ username: 'carol', attributes: [{ Name: 'email', Value: 'carol@example.com' }] }],
  })
  await h.sdk.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: s.poolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  )
  // TOTP set up through the SDK, as an app's settings page would.
  const { AuthenticationResult } = await h.sdk.send(
    new AdminInitiateAuthCommand({
      UserPoolId: s.poolId,
      ClientId: s.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'carol', PASSWORD },
    }),
  )
  const token = AuthenticationResult!.AccessToken!
  secret = (await h.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!
  await h.sdk.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: totp(secret, h.cognito.clock.now()) }))
  await h.sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }))
  pool = new CognitoUserPool({ UserPoolId: s.poolId, ClientId: s.clientId, endpoint: h.cognito.endpoint })
})
afterAll(() => h.cognito.close())

interface SignInOutcome {
  session: CognitoUserSession
  user: CognitoUser
  mfaAsked: boolean
  userConfirmationNecessary: boolean | undefined
}

/** Drives CIJS's authenticateUser, answering TOTP when asked. */
function signIn(password: string): Promise<SignInOutcome> {
  const user = new CognitoUser({ Username: 'carol', Pool: pool })
  let mfaAsked = false
  return new Promise((resolve, reject) => {
    const callbacks = {
      onSuccess: (session: CognitoUserSession, userConfirmationNecessary?: boolean) =>
        resolve({ session, user, mfaAsked, userConfirmationNecessary }),
      onFailure: reject,
      totpRequired: () => {
        mfaAsked = true
        user.sendMFACode(totp(secret, h.cognito.clock.now()), callbacks, 'SOFTWARE_TOKEN_MFA')
      },
      mfaRequired: () => reject(new Error('unexpected SMS MFA')),
    }
    user.authenticateUser(new AuthenticationDetails({ Username: 'carol', Password: password }), callbacks)
  })
}

const remember = (user: CognitoUser) =>
  new Promise<string>((resolve, reject) => user.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }))
const signOut = (user: CognitoUser) => new Promise<void>((resolve) => user.signOut(() => resolve()))

describe('amazon-cognito-identity-js against the local server', () => {
  let deviceKey: string

  it('SRP sign-in with TOTP MFA, ConfirmDevice, remember, sign-out', async () => {
    const first = await signIn(PASSWORD)
    expect(first.mfaAsked).toBe(true)
    expect(first.userConfirmationNecessary).toBe(true)
    const access = first.session.getAccessToken().getJwtToken()
    deviceKey = String(claims(access).device_key)
    expect(deviceKey).toMatch(/^us-east-1_/)
    expect(await remember(first.user)).toBe('SUCCESS')
    const devices = await h.sdk.send(new AdminListDevicesCommand({ UserPoolId: s.poolId, Username: 'carol' }))
    const row = devices.Devices!.find((d) => d.DeviceKey === deviceKey)!
    expect(row.DeviceAttributes).toContainEqual({ Name: 'dev:device_remembered_status', Value: 'remembered' })
    await signOut(first.user)
    const revoked = await failure(h.sdk.send(new GetUserCommand({ AccessToken: access })))
    expect(revoked.message).toBe('Access Token has been revoked')
  })

  it('signs in again through DEVICE_SRP_AUTH with no MFA asked', async () => {
    const second = await signIn(PASSWORD)
    expect(second.mfaAsked).toBe(false)
    expect(claims(second.session.getAccessToken().getJwtToken()).device_key).toBe(deviceKey)
    await signOut(second.user)
  })

  it('refuses a wrong password', async () => {
    const error = await failure(signIn('Wrong-passw0rd'))
    expect(error.name).toBe('NotAuthorizedException')
    expect(error.message).toBe('Incorrect username or password.')
  })

  it('signs in as a new device after an admin forgot the device', async () => {
    await h.sdk.send(new AdminForgetDeviceCommand({ UserPoolId: s.poolId, Username: 'carol', DeviceKey: deviceKey }))
    const third = await signIn(PASSWORD)
    expect(third.mfaAsked).toBe(true)
    const newKey = claims(third.session.getAccessToken().getJwtToken()).device_key
    expect(newKey).toMatch(/^us-east-1_/)
    expect(newKey).not.toBe(deviceKey)
  })
})

describe('amazon-cognito-identity-js: sign-up, confirmation, resend and password reset', () => {
  let accounts: CognitoUserPool
  const node = <T>(run: (done: (err: Error | undefined | null, value?: T) => void) => void) =>
    new Promise<T>((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T))))
  const user = () => new CognitoUser({ Username: 'dora', Pool: accounts })

  beforeAll(async () => {
    const seeded = await seed(h.sdk, { pool: { AutoVerifiedAttributes: ['email'] }, users: [] })
    accounts = new CognitoUserPool({ UserPoolId: seeded.poolId, ClientId: seeded.clientId, endpoint: h.cognito.endpoint })
  })

  it('signs up, resends the code, confirms with the new one, resets the password and signs in with it', async () => {
    const email = new CognitoUserAttribute({ Name: 'email', Value: 'dora@example.com' })
    const up = await node<ISignUpResult>((done) => accounts.signUp('dora', 'Sign-up1!', [email], [], done))
    expect(up.userConfirmed).toBe(false)
    expect(up.codeDeliveryDetails).toEqual({ Destination: 'd***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' })
    const first = h.cognito.outbox.last('dora')!.code
    const resent = await node<{ CodeDeliveryDetails: CodeDeliveryDetails }>((done) => user().resendConfirmationCode(done))
    expect(resent.CodeDeliveryDetails.DeliveryMedium).toBe('EMAIL')
    const second = h.cognito.outbox.last('dora')!.code
    expect(h.cognito.outbox.messages.filter((m) => m.username === 'dora')).toHaveLength(2)
    if (first !== second)
      expect((await failure(node((done) => user().confirmRegistration(first, false, done)))).name).toBe('CodeMismatchException')
    expect(await node((done) => user().confirmRegistration(second, false, done))).toBe('SUCCESS')

    const sent = await new Promise<CodeDeliveryDetails>((resolve, reject) =>
      user().forgotPassword({
        onSuccess: () => reject(new Error('no code asked for')),
        onFailure: reject,
        inputVerificationCode: (data) => resolve((data as { CodeDeliveryDetails: CodeDeliveryDetails }).CodeDeliveryDetails),
      }),
    )
    expect(sent).toEqual({ Destination: 'd***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' })
    const resetCode = h.cognito.outbox.last('dora')!.code
    const reset = await new Promise<string>((resolve, reject) =>
      user().confirmPassword(resetCode, 'Reset-pass1', { onSuccess: resolve, onFailure: reject }),
    )
    expect(reset).toBe('SUCCESS')

    const signedIn = user()
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      signedIn.authenticateUser(new AuthenticationDetails({ Username: 'dora', Password: 'Reset-pass1' }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    )
    expect(claims(session.getAccessToken().getJwtToken()).username).toBe('dora')
    const old = await failure(
      new Promise((resolve, reject) =>
        user().authenticateUser(new AuthenticationDetails({ Username: 'dora', Password: 'Sign-up1!' }), {
          onSuccess: resolve,
          onFailure: reject,
        }),
      ),
    )
    expect(old.message).toBe('Incorrect username or password.')
  })
})
