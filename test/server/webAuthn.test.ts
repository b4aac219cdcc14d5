// Passkeys in the local server: the pool's WebAuthnConfiguration, StartWebAuthnRegistration /
// CompleteWebAuthnRegistration verified for real (the software authenticator makes the credentials), the
// list and its pages, deletion, and each WebAuthn exception Cognito names, through the real AWS SDK client.
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolClientCommand,
  DeleteWebAuthnCredentialCommand,
  GetUserPoolMfaConfigCommand,
  ListWebAuthnCredentialsCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthError } from '../../src/errors'
import { seedPool, softwareAuthenticator } from '../../src/testing'
import { failure, PASSWORD, seed, start, type Harness, type Seeded } from './helpers'
import { USER_AUTH_CLIENT } from './userAuthHelpers'
import { accessToken, ORIGIN, passkeyPool, register, RP_ID } from './webAuthnHelpers'

let h: Harness
beforeAll(async () => {
  h = await start()
})
afterAll(() => h.cognito.close())

const startRegistration = (token: string) => h.sdk.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }))
const complete = (token: string, credential: unknown) =>
  h.sdk.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never }))
const list = (token: string, page: { MaxResults?: number; NextToken?: string } = {}) =>
  h.sdk.send(new ListWebAuthnCredentialsCommand({ AccessToken: token, ...page }))

describe('pool settings', () => {
  it('SetUserPoolMfaConfig and GetUserPoolMfaConfig carry WebAuthnConfiguration; UserVerification defaults to preferred', async () => {
    const s = await seed(h.sdk)
    const set = await h.sdk.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: s.poolId, WebAuthnConfiguration: { RelyingPartyId: 'example.com' } }),
    )
    expect(set.WebAuthnConfiguration).toEqual({ RelyingPartyId: 'example.com', UserVerification: 'preferred' })
    await h.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: s.poolId,
        WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' },
      }),
    )
    await h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: s.poolId, MfaConfiguration: 'OFF' })) // absent: kept
    const got = await h.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: s.poolId }))
    expect(got.WebAuthnConfiguration).toEqual({ RelyingPartyId: 'localhost', UserVerification: 'required' })
    const long = await failure(
      h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: s.poolId, WebAuthnConfiguration: { RelyingPartyId: 'a'.repeat(128) } })),
    )
    expect(long.name).toBe('InvalidParameterException')
  })

  it("seedPool's webAuthn option: relying party, WEB_AUTHN among the first factors, ALLOW_USER_AUTH", async () => {
    const pool = await seedPool(h.cognito, { webAuthn: { relyingPartyId: 'localhost', userVerification: 'required' } })
    const got = await h.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.userPoolId }))
    expect(got).toMatchObject({
      MfaConfiguration: 'OFF',
      WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' },
    })
    const s = { poolId: pool.userPoolId, clientId: pool.clientId, clientSecret: undefined }
    await register(h, await accessToken(h, s, 'alice'), softwareAuthenticator({ origin: ORIGIN }))
    await expect(seedPool(h.cognito, { webAuthn: { relyingPartyId: 'http://x' } })).rejects.toThrow(/^seedPool: webAuthn.relyingPartyId/)
  })
})

describe('registration', () => {
  let s: Seeded
  let token: string
  beforeAll(async () => {
    s = await passkeyPool(h)
    token = await accessToken(h, s)
  })

  it('StartWebAuthnRegistration: creation options for a resident ES256/RS256 key, a fresh challenge each time', async () => {
    const { CredentialCreationOptions: options } = await startRegistration(token)
    expect(options).toMatchObject({
      rp: { id: RP_ID, name: 'test' },
      user: { name: 'ada', displayName: 'ada' },
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      timeout: 300_000,
      excludeCredentials: [],
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
    })
    const again = await startRegistration(token)
    expect((options as { challenge: string }).challenge).toMatch(/^[\w-]{43}$/)
    expect((again.CredentialCreationOptions as { challenge: string }).challenge).not.toBe((options as { challenge: string }).challenge)
  })

  it('Complete keeps the passkey: listed with its id, relying party, attachment, transports and date; excluded next time', async () => {
    const authenticator = softwareAuthenticator({ origin: ORIGIN })
    await register(h, token, authenticator)
    const [held] = authenticator.credentials()
    const { Credentials } = await list(token)
    expect(Credentials).toEqual([
      {
        CredentialId: held!.id,
        FriendlyCredentialName: expect.stringMatching(/^Platform passkey \d{4}-\d\d-\d\d$/),
        RelyingPartyId: RP_ID,
        AuthenticatorAttachment: 'platform',
        AuthenticatorTransports: ['internal'],
        CreatedAt: expect.any(Date),
      },
    ])
    expect(Math.abs(Credentials![0]!.CreatedAt!.getTime() - h.cognito.clock.now())).toBeLessThan(60_000)
    const { CredentialCreationOptions } = await startRegistration(token)
    expect((CredentialCreationOptions as { excludeCredentials: unknown }).excludeCredentials).toEqual([
      { type: 'public-key', id: held!.id, transports: ['internal'] },
    ])
    const exists = await authenticator.create(CredentialCreationOptions as Record<string, unknown>).catch((e: unknown) => e)
    expect(exists).toBeInstanceOf(AuthError)
    expect((exists as AuthError).code).toBe('PASSKEY_EXISTS')
  })

  it('a security key is listed as cross-platform with its transports', async () => {
    const other = await accessToken(h, await passkeyPool(h))
    await register(h, other, softwareAuthenticator({ origin: ORIGIN, attachment: 'cross-platform', transports: ['usb', 'nfc'] }))
    const { Credentials } = await list(other)
    expect(Credentials![0]).toMatchObject({ AuthenticatorAttachment: 'cross-platform', AuthenticatorTransports: ['usb', 'nfc'] })
    expect(Credentials![0]!.FriendlyCredentialName).toMatch(/^Security key passkey /)
  })
})

describe('list pages and deletion', () => {
  let s: Seeded
  let token: string
  let ids: string[]
  beforeAll(async () => {
    s = await passkeyPool(h, { users: ['ada', 'bob'] })
    token = await accessToken(h, s)
    ids = []
    for (let i = 0; i < 3; i++) {
      const authenticator = softwareAuthenticator({ origin: ORIGIN })
      await register(h, token, authenticator)
      ids.push(authenticator.credentials()[0]!.id)
    }
  })

  it('MaxResults pages with NextToken, oldest first; MaxResults outside 1..20 and a made-up NextToken are refused', async () => {
    const first = await list(token, { MaxResults: 2 })
    expect(first.Credentials!.map((c) => c.CredentialId)).toEqual(ids.slice(0, 2))
    expect(first.NextToken).toBeTruthy()
    const second = await list(token, { MaxResults: 2, NextToken: first.NextToken })
    expect(second.Credentials!.map((c) => c.CredentialId)).toEqual(ids.slice(2))
    expect(second.NextToken).toBeUndefined()
    expect((await list(token)).Credentials).toHaveLength(3)
    for (const MaxResults of [0, 21]) expect((await failure(list(token, { MaxResults }))).name).toBe('InvalidParameterException')
    expect((await failure(list(token, { NextToken: 'made-up' }))).name).toBe('InvalidParameterException')
  })

  it("DeleteWebAuthnCredential removes one of the caller's passkeys; an unknown id, or another user's, is ResourceNotFoundException", async () => {
    const bob = await accessToken(h, s, 'bob')
    const others = await failure(h.sdk.send(new DeleteWebAuthnCredentialCommand({ AccessToken: bob, CredentialId: ids[0] })))
    expect([others.name, others.message]).toEqual(['ResourceNotFoundException', 'Credential not found.'])
    await h.sdk.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: ids[0] }))
    expect((await list(token)).Credentials!.map((c) => c.CredentialId)).toEqual(ids.slice(1))
    const again = await failure(h.sdk.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: ids[0] })))
    expect(again.name).toBe('ResourceNotFoundException')
  })

  it('deleting the user deletes their passkeys', async () => {
    const t = await accessToken(h, s, 'bob')
    await register(h, t, softwareAuthenticator({ origin: ORIGIN }))
    expect((await list(t)).Credentials).toHaveLength(1)
    await h.sdk.send(new AdminDeleteUserCommand({ UserPoolId: s.poolId, Username: 'bob' }))
    expect((await failure(list(t))).name).toBe('NotAuthorizedException')
    await h.sdk.send(new AdminCreateUserCommand({ UserPoolId: s.poolId, Username: 'bob', MessageAction: 'SUPPRESS' }))
    await h.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: s.poolId, Username: 'bob', Password: PASSWORD, Permanent: true }))
    expect((await list(await accessToken(h, s, 'bob'))).Credentials).toEqual([])
  })
})

describe('the WebAuthn exceptions', () => {
  it('LimitExceededException: Start for a user who holds 20 passkeys', async () => {
    const token = await accessToken(h, await passkeyPool(h))
    for (let i = 0; i < 20; i++) await register(h, token, softwareAuthenticator({ origin: ORIGIN }))
    expect((await list(token)).Credentials).toHaveLength(20)
    expect((await failure(startRegistration(token))).name).toBe('LimitExceededException')
  })

  it('WebAuthnConfigurationMissingException without a relying party; WebAuthnNotEnabledException without WEB_AUTHN; NotAuthorized without a good token', async () => {
    const missing = await failure(startRegistration(await accessToken(h, await passkeyPool(h, { relyingPartyId: null }))))
    expect(missing.name).toBe('WebAuthnConfigurationMissingException')
    const disabled = await passkeyPool(h, { factors: ['PASSWORD', 'EMAIL_OTP'] })
    const token = await accessToken(h, disabled)
    expect((await failure(startRegistration(token))).name).toBe('WebAuthnNotEnabledException')
    expect((await failure(complete(token, { id: 'x' }))).name).toBe('WebAuthnNotEnabledException')
    expect((await failure(startRegistration('not-a-token'))).name).toBe('NotAuthorizedException')
  })

  it('WebAuthnChallengeNotFoundException: no Start, a replayed registration, an expired challenge (server clock)', async () => {
    const s = await passkeyPool(h)
    const token = await accessToken(h, s)
    const authenticator = softwareAuthenticator({ origin: ORIGIN })
    expect((await failure(complete(token, { id: 'x' }))).name).toBe('WebAuthnChallengeNotFoundException')
    const credential = await register(h, token, authenticator)
    expect((await failure(complete(token, credential))).name).toBe('WebAuthnChallengeNotFoundException')
    const { CredentialCreationOptions } = await startRegistration(token)
    const late = await softwareAuthenticator({ origin: ORIGIN }).create(CredentialCreationOptions as Record<string, unknown>)
    h.cognito.clock.advance(300_001)
    expect((await failure(complete(await accessToken(h, s), late))).name).toBe('WebAuthnChallengeNotFoundException')
  })

  it('WebAuthnClientMismatchException: Complete with a token of another app client than Start', async () => {
    const s = await passkeyPool(h)
    const { UserPoolClient } = await h.sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: s.poolId, ClientName: 'other', ...USER_AUTH_CLIENT }),
    )
    const tokenA = await accessToken(h, s)
    const tokenB = await accessToken(h, { ...s, clientId: UserPoolClient!.ClientId! })
    const { CredentialCreationOptions } = await startRegistration(tokenA)
    const credential = await softwareAuthenticator({ origin: ORIGIN }).create(CredentialCreationOptions as Record<string, unknown>)
    expect((await failure(complete(tokenB, credential))).name).toBe('WebAuthnClientMismatchException')
  })
})
