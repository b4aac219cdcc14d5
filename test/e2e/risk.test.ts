// Threat protection's risky sign-in, through the client and both transports against the local server: a
// remembered device inside its trust period, a sign-in the server judges risky (its `risk` option, on a
// pool with AdvancedSecurityMode ENFORCED) must pass MFA although the device is remembered; the user passes
// it and is not asked again whether to remember a device that Cognito still holds remembered; the
// server's auth events name the device and say the context data came.
import { UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryStorage } from '../../src/index'
import { ops, startHarness, TRANSPORTS, type Harness } from './harness'

const PASSWORD = 'risky-Passw0rd!'
let risky = false
let h: Harness
beforeAll(async () => {
  h = await startHarness({ risk: () => (risky ? 'high' : 'low') })
})
afterAll(() => h.close())

describe.each(TRANSPORTS)('a risky sign-in on a remembered device (%s)', (kind) => {
  it('asks for MFA, then signs in on the same device without asking to remember it again', async () => {
    const pool = await h.pool({ mfa: 'ON', devices: 'always' })
    // UpdateUserPool resets what it is not given, as Cognito's does: the device and MFA settings go with it
    await h.sdk.send(
      new UpdateUserPoolCommand({
        UserPoolId: pool.userPoolId,
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        MfaConfiguration: 'ON',
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      }),
    )
    const username = `risk-${kind}`
    await h.user(pool, username, PASSWORD)
    const secret = await h.enrolTotp(pool, username, PASSWORD)
    const storage = memoryStorage()
    const client = h.client(pool, kind, { storage, contextData: () => ({ encodedData: `fingerprint-${kind}` }) })
    await client.signIn({ username, password: PASSWORD })
    const first = await client.submitCode(h.code(secret))
    if (first.step !== 'signedIn' || !first.device) throw new Error(`not signed in with a device: ${first.step}`)
    const deviceKey = first.device.deviceKey
    await client.signOut()

    // not risky: the remembered device skips MFA
    expect(await client.signIn({ username, password: PASSWORD })).toMatchObject({ step: 'signedIn', device: { deviceKey } })
    await client.signOut()

    risky = true
    h.cognito.clock.advance(60_000)
    client.calls.length = 0
    try {
      expect((await client.signIn({ username, password: PASSWORD })).step).toBe('mfaCode')
      const view = await client.submitCode(h.code(secret))
      expect(view).toMatchObject({ step: 'signedIn', device: { deviceKey, status: 'remembered' }, notice: null })
    } finally {
      risky = false
    }
    expect(ops(client.calls)).toEqual([
      'InitiateAuth',
      'RespondToAuthChallenge', // PASSWORD_VERIFIER
      'RespondToAuthChallenge', // SOFTWARE_TOKEN_MFA
      'RespondToAuthChallenge', // DEVICE_SRP_AUTH
      'RespondToAuthChallenge', // DEVICE_PASSWORD_VERIFIER
      'GetDevice', // still remembered: no question
    ])
    const event = h.cognito.authEvents.last(username)
    expect(event).toMatchObject({
      riskDecision: 'AccountTakeover',
      riskLevel: 'High',
      response: 'Pass',
      deviceKeyPresented: deviceKey,
      contextData: { encodedData: `fingerprint-${kind}` },
    })
  })
})
