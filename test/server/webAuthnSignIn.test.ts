// WEB_AUTHN as a USER_AUTH first factor: when it is offered, the challenge's request options, the answer verified
// (signature, origin, relying party, counter, challenge), and DEVICE_KEY on that path, through the real AWS SDK client.
import {
  AdminSetUserMFAPreferenceCommand,
  DeleteWebAuthnCredentialCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { softwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing'
import { claims, failure, start, type Harness, type Seeded } from './helpers'
import { offered, respond, userAuth } from './userAuthHelpers'
import {
  accessToken,
  answerPasskey,
  editClientData,
  ORIGIN,
  passkeyPool,
  passkeySignIn,
  register,
  requestOptions,
  RP_ID,
  startPasskey,
} from './webAuthnHelpers'

let h: Harness
let s: Seeded
let ada: SoftwareAuthenticator
beforeAll(async () => {
  h = await start()
  s = await passkeyPool(h, {
    factors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'],
    users: ['ada', 'bea', 'cy'],
    pool: { MfaConfiguration: 'OPTIONAL' },
  })
  ada = softwareAuthenticator({ origin: ORIGIN })
  await register(h, await accessToken(h, s, 'ada'), ada)
})
afterAll(() => h.cognito.close())

describe('when WEB_AUTHN is offered', () => {
  it('to a user with a passkey and no MFA; not to one without a passkey, nor to one with MFA on', async () => {
    expect(offered(await userAuth(h, s, { USERNAME: 'ada' }))).toEqual(['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN'])
    expect(offered(await userAuth(h, s, { USERNAME: 'bea' }))).toEqual(['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP'])
    await register(h, await accessToken(h, s, 'cy'), softwareAuthenticator({ origin: ORIGIN }))
    expect(offered(await userAuth(h, s, { USERNAME: 'cy' }))).toContain('WEB_AUTHN')
    await h.sdk.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: s.poolId, Username: 'cy', SMSMfaSettings: { Enabled: true } }))
    expect(offered(await userAuth(h, s, { USERNAME: 'cy' }))).toEqual(['PASSWORD', 'PASSWORD_SRP'])
    const notOffered = await startPasskey(h, s, 'bea')
    expect(notOffered.ChallengeName).toBe('SELECT_CHALLENGE')
  })
})

describe('the WEB_AUTHN challenge and its answer', () => {
  it('PREFERRED_CHALLENGE=WEB_AUTHN: request options as a JSON string, then tokens; the event notes the first factor', async () => {
    const challenge = await startPasskey(h, s)
    expect(challenge.ChallengeName).toBe('WEB_AUTHN')
    expect(challenge.ChallengeParameters?.USERNAME).toBe('ada')
    expect(requestOptions(challenge)).toEqual({
      challenge: expect.stringMatching(/^[\w-]{43}$/),
      timeout: 180_000,
      rpId: RP_ID,
      allowCredentials: [{ type: 'public-key', id: ada.credentials()[0]!.id, transports: ['internal'] }],
      userVerification: 'preferred',
    })
    const done = await answerPasskey(h, s, challenge, await ada.get(requestOptions(challenge)))
    expect(claims(done.AuthenticationResult?.AccessToken).username).toBe('ada')
    expect(h.cognito.authEvents.last('ada')).toMatchObject({ response: 'Pass', challenges: [{ name: 'Password', response: 'Success' }] })
    const replay = await failure(answerPasskey(h, s, challenge, await ada.get(requestOptions(challenge))))
    expect([replay.name, replay.message]).toEqual([
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    ])
  })

  it('SELECT_CHALLENGE with ANSWER=WEB_AUTHN gives the WEB_AUTHN challenge (a CREDENTIAL with the choice is not taken)', async () => {
    const select = await userAuth(h, s, { USERNAME: 'ada' })
    const challenge = await respond(h, s, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ada', ANSWER: 'WEB_AUTHN', CREDENTIAL: '{}' })
    expect(challenge.ChallengeName).toBe('WEB_AUTHN')
    expect((await answerPasskey(h, s, challenge, await ada.get(requestOptions(challenge)))).AuthenticationResult).toBeTruthy()
  })

  it('a tampered signature is NotAuthorizedException, counted as a wrong answer; the session then still takes the right one', async () => {
    const challenge = await startPasskey(h, s)
    const good = await ada.get(requestOptions(challenge))
    const response = good.response as Record<string, string>
    const signature = Buffer.from(response.signature!, 'base64url')
    signature.writeUInt8(signature.readUInt8(signature.length - 1) ^ 1, signature.length - 1)
    const tampered = { ...good, response: { ...response, signature: signature.toString('base64url') } }
    const refused = await failure(answerPasskey(h, s, challenge, tampered))
    expect(refused.name).toBe('NotAuthorizedException')
    expect(h.cognito.authEvents.last('ada')).toMatchObject({ response: 'Fail', challenges: [{ name: 'Password', response: 'Failure' }] })
    expect((await answerPasskey(h, s, challenge, good)).AuthenticationResult).toBeTruthy()
  })

  it('after maxWrongAnswers (3) wrong answers the session is gone', async () => {
    const challenge = await startPasskey(h, s)
    const other = editClientData(await ada.get(requestOptions(challenge)), (d) => (d.origin = 'https://evil.example'))
    for (let i = 0; i < 3; i++) expect((await failure(answerPasskey(h, s, challenge, other))).name).toBe('NotAuthorizedException')
    const gone = await failure(answerPasskey(h, s, challenge, await ada.get(requestOptions(challenge))))
    expect(gone.message).toBe('Invalid session for the user.')
  })

  it('refused: another origin, an assertion for another challenge, a counter that does not grow, a passkey of another user', async () => {
    const refused = async (make: (options: Record<string, unknown>) => Promise<Record<string, unknown>>) => {
      const challenge = await startPasskey(h, s)
      const error = await failure(answerPasskey(h, s, challenge, await make(requestOptions(challenge))))
      expect(error.name).toBe('NotAuthorizedException')
      return error.message
    }
    expect(await refused(async (o) => editClientData(await ada.get(o), (d) => (d.origin = 'https://evil.example')))).toMatch(/Origin/)
    expect(await refused((o) => ada.get({ ...o, challenge: 'AAAAAAAA' }))).toMatch(/challenge/)
    const id = ada.credentials()[0]!.id
    ada.setCounter(id, 0)
    expect(await refused((o) => ada.get(o))).toMatch(/counter/)
    ada.setCounter(id, 1000)
    const cy = softwareAuthenticator({ origin: ORIGIN })
    await register(h, await accessToken(h, s, 'bea'), cy)
    expect(await refused((o) => cy.get({ ...o, allowCredentials: [] }))).toMatch(/not registered/)
  })

  it('an expired challenge (the session, on the server clock) is refused', async () => {
    const challenge = await startPasskey(h, s)
    const assertion = await ada.get(requestOptions(challenge))
    h.cognito.clock.advance(3 * 60_000 + 1)
    const expired = await failure(answerPasskey(h, s, challenge, assertion))
    expect([expired.name, expired.message]).toEqual(['NotAuthorizedException', 'Invalid session for the user, session is expired.'])
  })

  it('a deleted passkey no longer signs in; a CREDENTIAL that is not JSON is InvalidParameterException', async () => {
    const t = await accessToken(h, s, 'ada')
    const spare = softwareAuthenticator({ origin: ORIGIN })
    await register(h, t, spare)
    await h.sdk.send(new DeleteWebAuthnCredentialCommand({ AccessToken: t, CredentialId: spare.credentials()[0]!.id }))
    const challenge = await startPasskey(h, s)
    await expect(spare.get(requestOptions(challenge))).rejects.toMatchObject({ code: 'PASSKEY_CANCELLED' })
    const discoverable = await spare.get({ ...requestOptions(challenge), allowCredentials: [] })
    expect((await failure(answerPasskey(h, s, challenge, discoverable))).name).toBe('NotAuthorizedException')
    const notJson = await failure(respond(h, s, 'WEB_AUTHN', challenge.Session, { USERNAME: 'ada', CREDENTIAL: 'nope' }))
    expect(notJson.name).toBe('InvalidParameterException')
  })

  it('with UserVerification required, an assertion without user verification is refused', async () => {
    const strict = await passkeyPool(h)
    const lax = softwareAuthenticator({ origin: ORIGIN, userVerification: false })
    await register(h, await accessToken(h, strict), lax)
    await h.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: strict.poolId,
        WebAuthnConfiguration: { RelyingPartyId: RP_ID, UserVerification: 'required' },
      }),
    )
    expect((await failure(passkeySignIn(h, strict, lax))).name).toBe('NotAuthorizedException')
  })
})
