// amazon-cognito-identity-js, a client nobody here wrote, signs in to the local server unchanged:
// SRP + TOTP, ConfirmDevice and remember, sign-out, DEVICE_SRP_AUTH without MFA, a wrong password,
// and sign-in after an admin forgot the device.
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
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js'
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
