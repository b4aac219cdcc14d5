// What CompleteWebAuthnRegistration verifies, each check triggered for real: the page's origin, the relying party id
// hash, the key algorithm, user verification, the credential's form. Credentials come from the software
// authenticator, altered where a browser would never send them so.
import { CompleteWebAuthnRegistrationCommand, StartWebAuthnRegistrationCommand } from '@aws-sdk/client-cognito-identity-provider'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { softwareAuthenticator, type SoftwareAuthenticatorOptions } from '../../src/testing'
import { failure, start, type Harness } from './helpers'
import { accessToken, editClientData, ORIGIN, passkeyPool, patchBytes, type PasskeyPoolOptions } from './webAuthnHelpers'

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

/** A pool and a signed-in user; `attempt` runs a registration whose credential `alter` may change before Complete. */
async function registrar(pool: PasskeyPoolOptions = {}) {
  const token = await accessToken(h, await passkeyPool(h, pool))
  return async (options: SoftwareAuthenticatorOptions, alter: (c: Record<string, unknown>) => Record<string, unknown> = (c) => c) => {
    const { CredentialCreationOptions } = await h.sdk.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }))
    const credential = await softwareAuthenticator(options).create(CredentialCreationOptions as Record<string, unknown>)
    return h.sdk.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: alter(credential) as never }))
  }
}

const sha256 = (text: string) => new Uint8Array(createHash('sha256').update(text).digest())

describe('origin (WebAuthnOriginNotAllowedException)', () => {
  it('the origin must be the relying party or a subdomain of it; http only on localhost', async () => {
    const attempt = await registrar()
    await attempt({ origin: 'http://localhost' })
    await attempt({ origin: 'http://app.localhost:8080' })
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'https://notlocalhost']) {
      const refused = await failure(attempt({ origin: ORIGIN }, (c) => editClientData(c, (data) => (data.origin = origin))))
      expect([refused.name, refused.message]).toEqual([
        'WebAuthnOriginNotAllowedException',
        `Origin ${origin} is not allowed for relying party localhost.`,
      ])
    }
  })

  it('on a domain, https is required', async () => {
    const attempt = await registrar({ relyingPartyId: 'example.com' })
    await attempt({ origin: 'https://example.com' })
    await attempt({ origin: 'https://app.example.com:8443' })
    const plain = await failure(
      attempt({ origin: 'https://app.example.com' }, (c) => editClientData(c, (d) => (d.origin = 'http://app.example.com'))),
    )
    expect(plain.name).toBe('WebAuthnOriginNotAllowedException')
  })
})

describe('relying party (WebAuthnRelyingPartyMismatchException)', () => {
  it('an rpIdHash of another relying party is refused', async () => {
    const attempt = await registrar()
    const other = (c: Record<string, unknown>) => patchBytes(c, 'attestationObject', sha256('localhost'), sha256('example.com'))
    const refused = await failure(attempt({ origin: ORIGIN }, other))
    expect(refused.name).toBe('WebAuthnRelyingPartyMismatchException')
  })

  it('an authenticator on a page of another site refuses the relying party itself, as a browser does', async () => {
    const { CredentialCreationOptions } = await h.sdk.send(
      new StartWebAuthnRegistrationCommand({ AccessToken: await accessToken(h, await passkeyPool(h)) }),
    )
    const made = softwareAuthenticator({ origin: 'https://example.com' }).create(CredentialCreationOptions as Record<string, unknown>)
    await expect(made).rejects.toMatchObject({ name: 'AuthError', code: 'WEB_AUTHN_RELYING_PARTY_MISMATCH' })
  })
})

describe('the credential itself', () => {
  it('WebAuthnCredentialNotSupportedException for a key algorithm other than ES256 or RS256 (EdDSA here)', async () => {
    const attempt = await registrar()
    // The COSE key starts a5 01 02 03 26 (kty EC2, alg -7); 0x27 is alg -8, EdDSA.
    const eddsa = (c: Record<string, unknown>) =>
      patchBytes(c, 'attestationObject', Uint8Array.of(0xa5, 0x01, 0x02, 0x03, 0x26), Uint8Array.of(0xa5, 0x01, 0x02, 0x03, 0x27))
    const refused = await failure(attempt({ origin: ORIGIN }, eddsa))
    expect(refused.name).toBe('WebAuthnCredentialNotSupportedException')
  })

  it('with UserVerification required, an authenticator that does not verify the user is refused; preferred takes it', async () => {
    const required = await registrar({ userVerification: 'required' })
    const refused = await failure(required({ origin: ORIGIN, userVerification: false }))
    expect(refused.name).toBe('InvalidParameterException')
    expect(refused.message).toMatch(/User verification/)
    await required({ origin: ORIGIN })
    await (
      await registrar()
    )({ origin: ORIGIN, userVerification: false })
  })

  it('another ceremony type, a changed challenge, or a malformed credential', async () => {
    const attempt = await registrar()
    const asGet = await failure(attempt({ origin: ORIGIN }, (c) => editClientData(c, (d) => (d.type = 'webauthn.get'))))
    expect(asGet.name).toBe('InvalidParameterException')
    const otherChallenge = await failure(attempt({ origin: ORIGIN }, (c) => editClientData(c, (d) => (d.challenge = 'AAAA'))))
    expect(otherChallenge.name).toBe('WebAuthnChallengeNotFoundException')
    for (const bad of [{}, { id: 'abc', type: 'public-key' }, { id: 'abc', type: 'public-key', response: { clientDataJSON: '!!' } }]) {
      expect((await failure(attempt({ origin: ORIGIN }, () => bad))).name).toBe('InvalidParameterException')
    }
    const garbled = await failure(
      attempt({ origin: ORIGIN }, (c) => ({ ...c, response: { ...(c.response as object), attestationObject: 'AAAA' } })),
    )
    expect(garbled.name).toBe('InvalidParameterException')
  })
})
