// The software authenticator on its own: its output checked by @simplewebauthn/server directly (code nobody here
// wrote, with its own option generators), and the ways it fails as a browser would.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { describe, expect, it } from 'vitest'
import { encodeCbor } from '../../src/testing/webauthn/cbor'
import { softwareAuthenticator } from '../../src/testing'

const ORIGIN = 'https://app.example.com'

describe('verified by @simplewebauthn/server', () => {
  it('registration (fmt none, ES256, user verified) and two assertions with a growing counter', async () => {
    const authenticator = softwareAuthenticator({ origin: ORIGIN })
    const creation = await generateRegistrationOptions({ rpName: 'Example', rpID: 'example.com', userName: 'ada', attestationType: 'none' })
    const made = (await authenticator.create(creation as unknown as Record<string, unknown>)) as unknown as RegistrationResponseJSON
    const registration = await verifyRegistrationResponse({
      response: made,
      expectedChallenge: creation.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: 'example.com',
      requireUserVerification: true,
    })
    expect(registration.verified).toBe(true)
    expect(registration.registrationInfo).toMatchObject({ fmt: 'none', userVerified: true, credentialType: 'public-key' })
    const credential = registration.registrationInfo!.credential
    expect(credential.id).toBe(authenticator.credentials()[0]!.id)
    expect(authenticator.credentials()[0]).toMatchObject({ rpId: 'example.com', userHandle: creation.user.id, userName: 'ada', counter: 0 })
    let counter = credential.counter
    for (const expected of [1, 2]) {
      const request = await generateAuthenticationOptions({ rpID: 'example.com', allowCredentials: [{ id: credential.id }] })
      const assertion = (await authenticator.get(request as unknown as Record<string, unknown>)) as unknown as AuthenticationResponseJSON
      expect(assertion.response.userHandle).toBe(creation.user.id)
      const verified = await verifyAuthenticationResponse({
        response: assertion,
        expectedChallenge: request.challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: 'example.com',
        credential: { ...credential, counter },
        requireUserVerification: true,
      })
      expect(verified).toMatchObject({ verified: true, authenticationInfo: { newCounter: expected } })
      counter = verified.authenticationInfo.newCounter
    }
  })
})

describe('fails as a browser would', () => {
  const creation = (rpId = 'example.com') => ({
    rp: { id: rpId, name: 'x' },
    user: { id: 'dXNlcg', name: 'ada', displayName: 'ada' },
    challenge: 'Y2hhbGxlbmdl',
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  })

  it('PASSKEY_EXISTS when excludeCredentials names one of its credentials; PASSKEY_CANCELLED when none fits', async () => {
    const authenticator = softwareAuthenticator({ origin: ORIGIN })
    const made = await authenticator.create(creation())
    await expect(authenticator.create({ ...creation(), excludeCredentials: [{ type: 'public-key', id: made.id }] })).rejects.toMatchObject({
      code: 'PASSKEY_EXISTS',
    })
    const request = { challenge: 'Y2hhbGxlbmdl', rpId: 'example.com' }
    await expect(authenticator.get({ ...request, allowCredentials: [{ type: 'public-key', id: 'b3RoZXI' }] })).rejects.toMatchObject({
      code: 'PASSKEY_CANCELLED',
    })
    await expect(softwareAuthenticator({ origin: ORIGIN }).get(request)).rejects.toMatchObject({ code: 'PASSKEY_CANCELLED' })
    expect((await authenticator.get(request)).id).toBe(made.id) // discoverable: no allowCredentials
  })

  it('WEB_AUTHN_RELYING_PARTY_MISMATCH unless the relying party is the host or a parent domain', async () => {
    const authenticator = softwareAuthenticator({ origin: ORIGIN })
    await authenticator.create(creation('app.example.com'))
    for (const rpId of ['other.com', 'ample.com', 'deep.app.example.com']) {
      await expect(authenticator.create(creation(rpId))).rejects.toMatchObject({ code: 'WEB_AUTHN_RELYING_PARTY_MISMATCH' })
      await expect(authenticator.get({ challenge: 'Y2hhbGxlbmdl', rpId })).rejects.toMatchObject({
        code: 'WEB_AUTHN_RELYING_PARTY_MISMATCH',
      })
    }
  })

  it('cancelNext() cancels the next ceremony only; an aborted signal cancels too', async () => {
    const authenticator = softwareAuthenticator({ origin: 'http://localhost:3000' })
    authenticator.cancelNext()
    await expect(authenticator.create(creation('localhost'))).rejects.toMatchObject({ name: 'AuthError', code: 'PASSKEY_CANCELLED' })
    await authenticator.create(creation('localhost'))
    authenticator.cancelNext()
    await expect(authenticator.get({ challenge: 'Y2hhbGxlbmdl' })).rejects.toMatchObject({ code: 'PASSKEY_CANCELLED' })
    expect((await authenticator.get({ challenge: 'Y2hhbGxlbmdl' })).type).toBe('public-key')
    const controller = new AbortController()
    controller.abort()
    await expect(authenticator.get({ challenge: 'Y2hhbGxlbmdl' }, controller.signal)).rejects.toMatchObject({ code: 'PASSKEY_CANCELLED' })
  })

  it('PASSKEY_NOT_SUPPORTED on an insecure origin or without ES256; a bad origin is a TypeError', async () => {
    await expect(softwareAuthenticator({ origin: 'http://example.com' }).create(creation())).rejects.toMatchObject({
      code: 'PASSKEY_NOT_SUPPORTED',
    })
    const rsaOnly = { ...creation(), pubKeyCredParams: [{ type: 'public-key', alg: -257 }] }
    await expect(softwareAuthenticator({ origin: ORIGIN }).create(rsaOnly)).rejects.toMatchObject({ code: 'PASSKEY_NOT_SUPPORTED' })
    await expect(softwareAuthenticator({ origin: ORIGIN }).create({ rp: {} })).rejects.toMatchObject({ code: 'INVALID_PARAMETER' })
    for (const origin of ['localhost', 'http://localhost/', 'ftp://x.test'])
      expect(() => softwareAuthenticator({ origin })).toThrow(TypeError)
  })

  it('setCounter() and remove()', async () => {
    const authenticator = softwareAuthenticator({ origin: ORIGIN })
    const { id } = await authenticator.create(creation())
    authenticator.setCounter(id as string, 41)
    await authenticator.get({ challenge: 'Y2hhbGxlbmdl', rpId: 'example.com' })
    expect(authenticator.credentials()[0]!.counter).toBe(42)
    authenticator.remove(id as string)
    expect(authenticator.credentials()).toEqual([])
    expect(() => authenticator.setCounter('nope', 1)).toThrow(TypeError)
  })
})

describe('the CBOR encoder', () => {
  it('writes the examples of RFC 8949 appendix A it needs', () => {
    const hex = (value: Parameters<typeof encodeCbor>[0]) => Buffer.from(encodeCbor(value)).toString('hex')
    expect([0, 23, 24, 100, 1000, 1000000, -1, -10, -100, -1000].map(hex)).toEqual([
      '00',
      '17',
      '1818',
      '1864',
      '1903e8',
      '1a000f4240',
      '20',
      '29',
      '3863',
      '3903e7',
    ])
    expect(hex('')).toBe('60')
    expect(hex('IETF')).toBe('6449455446')
    expect(hex(Uint8Array.of(1, 2, 3, 4))).toBe('4401020304')
    expect(hex([])).toBe('a0')
    expect(
      hex([
        [1, 2],
        [3, 4],
      ]),
    ).toBe('a201020304')
    expect(hex([['a', 1]])).toBe('a1616101')
  })
})
