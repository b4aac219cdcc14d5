import {
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sixTimesSeven, startHarness, TRANSPORTS, ops, type Harness } from './harness'

let h: Harness
let custom: Harness
beforeAll(async () => {
  h = await startHarness()
  custom = await startHarness({ customAuth: sixTimesSeven })
})
afterAll(async () => {
  await h.close()
  await custom.close()
})

const PASSWORD = 'correct horse 1'

describe.each(TRANSPORTS)('sign-in paths (%s)', (kind) => {
  it('USER_PASSWORD_AUTH signs in with one call', async () => {
    const pool = await h.pool()
    await h.user(pool, 'mia', PASSWORD)
    const client = h.client(pool, kind, { authFlow: 'USER_PASSWORD_AUTH' })
    const view = await client.signIn({ username: 'mia', password: PASSWORD })
    expect(view.step).toBe('signedIn')
    expect(ops(client.calls)).toEqual(['InitiateAuth'])
  })

  it('SMS_MFA: code from the outbox, masked destination in the view', async () => {
    const pool = await h.pool({ mfa: 'ON', sms: true, totp: false })
    await h.user(pool, 'sam', PASSWORD, { phone_number: '+15555550123', phone_number_verified: 'true' })
    const client = h.client(pool, kind)
    let view = await client.signIn({ username: 'sam', password: PASSWORD })
    expect(view.step).toBe('mfaCode')
    if (view.step !== 'mfaCode') return
    expect(view.channel).toBe('SMS')
    expect(view.destination).not.toBeNull()
    expect(view.destination).not.toContain('5555550123')
    const code = h.cognito.outbox.last('sam')!.code
    view = await client.submitCode(code)
    expect(view.step).toBe('signedIn')
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge'])
  })

  it('EMAIL_OTP: code from the outbox', async () => {
    const pool = await h.pool({ mfa: 'ON', email: true, totp: false })
    await h.user(pool, 'eve', PASSWORD, { email: 'eve@example.com', email_verified: 'true' })
    const client = h.client(pool, kind)
    let view = await client.signIn({ username: 'eve', password: PASSWORD })
    expect(view.step).toBe('mfaCode')
    if (view.step !== 'mfaCode') return
    expect(view.channel).toBe('EMAIL')
    view = await client.submitCode(h.cognito.outbox.last('eve@example.com')!.code)
    expect(view.step).toBe('signedIn')
  })

  it('SELECT_MFA_TYPE: choose TOTP among SMS and TOTP', async () => {
    const pool = await h.pool({ mfa: 'ON', sms: true, totp: true })
    await h.user(pool, 'sel', PASSWORD)
    const secret = await h.enrolTotp(pool, 'sel', PASSWORD)
    await h.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: pool.userPoolId,
        Username: 'sel',
        UserAttributes: [
          { Name: 'phone_number', Value: '+15555550199' },
          { Name: 'phone_number_verified', Value: 'true' },
        ],
      }),
    )
    await h.sdk.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: pool.userPoolId,
        Username: 'sel',
        SMSMfaSettings: { Enabled: true, PreferredMfa: false },
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
      }),
    )
    const client = h.client(pool, kind)
    let view = await client.signIn({ username: 'sel', password: PASSWORD })
    expect(view.step).toBe('selectMfa')
    if (view.step !== 'selectMfa') return
    expect(view.options).toEqual(expect.arrayContaining(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']))
    view = await client.selectMfa('SOFTWARE_TOKEN_MFA')
    expect(view.step).toBe('mfaCode')
    if (view.step !== 'mfaCode') return
    expect(view.channel).toBe('TOTP')
    view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('signedIn')
  })

  it('MFA_SETUP: TOTP enrolment shows the secret and otpauth URI, then signs in', async () => {
    const pool = await h.pool({ mfa: 'ON', totp: true })
    await h.user(pool, 'tia', PASSWORD)
    const client = h.client(pool, kind)
    let view = await client.signIn({ username: 'tia', password: PASSWORD })
    expect(view.step).toBe('totpSetup')
    if (view.step !== 'totpSetup') return
    expect(view.otpauthUri).toContain(`secret=${view.secret}`)
    view = await client.confirmTotpSetup(h.code(view.secret))
    expect(view.step).toBe('signedIn')
    expect(ops(client.calls)).toEqual([
      'InitiateAuth',
      'RespondToAuthChallenge',
      'AssociateSoftwareToken',
      'VerifySoftwareToken',
      'RespondToAuthChallenge',
    ])
    const user = await h.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'tia' }))
    expect(user.UserMFASettingList).toContain('SOFTWARE_TOKEN_MFA')
  })

  it('NEW_PASSWORD_REQUIRED with a required attribute', async () => {
    const pool = await h.pool({ schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }] })
    await h.user(pool, 'neo', 'Temporary-Pass-1', {}, { temporary: true })
    const client = h.client(pool, kind)
    let view = await client.signIn({ username: 'neo', password: 'Temporary-Pass-1' })
    expect(view.step).toBe('newPassword')
    if (view.step !== 'newPassword') return
    expect(view.requiredAttributes).toEqual(['name'])
    const before = client.calls.length
    view = await client.submitNewPassword({ password: 'Brand-New-Pass-2' })
    expect(view).toMatchObject({ step: 'newPassword', requiredAttributes: ['name'], error: { code: 'INVALID_INPUT' } })
    expect(client.calls.length).toBe(before)
    view = await client.submitNewPassword({ password: 'Brand-New-Pass-2', attributes: { name: 'Neo' } })
    expect(view.step).toBe('signedIn')
    await client.signOut()
    view = await client.signIn({ username: 'neo', password: 'Brand-New-Pass-2' })
    expect(view.step).toBe('signedIn')
  })

  it('client secret: SECRET_HASH on every step, device SRP included', async () => {
    const pool = await h.pool({ secret: true, mfa: 'ON', devices: 'always' })
    expect(pool.clientSecret).toBeTruthy()
    await h.user(pool, 'sec', PASSWORD)
    const secret = await h.enrolTotp(pool, 'sec', PASSWORD)
    const client = h.client(pool, kind)
    let view = await client.signIn({ username: 'sec', password: PASSWORD })
    expect(view.step).toBe('mfaCode')
    view = await client.submitCode(h.code(secret))
    expect(view.step).toBe('signedIn')
    await client.signOut()
    client.calls.length = 0
    view = await client.signIn({ username: 'sec', password: PASSWORD })
    expect(view.step).toBe('signedIn')
    expect(client.calls.length).toBe(4)
    const tokens = await client.getTokens()
    expect(tokens?.accessToken).toMatch(/^ey/)
  })

  it('CUSTOM_CHALLENGE: a wrong answer gets a new challenge, the right one signs in', async () => {
    const pool = await custom.pool()
    await custom.user(pool, 'cus', PASSWORD)
    const client = custom.client(pool, kind, { authFlow: 'CUSTOM_AUTH' })
    let view = await client.signIn({ username: 'cus' })
    expect(view.step).toBe('customChallenge')
    if (view.step !== 'customChallenge') return
    expect(view.parameters.question).toBe('What is 6 x 7?')
    view = await client.answerCustomChallenge('41')
    expect(view.step).toBe('customChallenge')
    view = await client.answerCustomChallenge('42')
    expect(view.step).toBe('signedIn')
  })

  it('CUSTOM_AUTH with SRP first (password given)', async () => {
    const pool = await custom.pool()
    await custom.user(pool, 'cs2', PASSWORD)
    const client = custom.client(pool, kind, { authFlow: 'CUSTOM_AUTH' })
    let view = await client.signIn({ username: 'cs2', password: PASSWORD })
    expect(view.step).toBe('customChallenge')
    view = await client.answerCustomChallenge('42')
    expect(view.step).toBe('signedIn')
  })
})
