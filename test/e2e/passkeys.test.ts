// The account page's passkeys against the local server, through both transports: registerPasskey (Start, the
// ceremony of the client's webAuthn adapter, Complete, then the list), listPasskeys a page at a time,
// deletePasskey; the ceremony's refusals and the app's cancel() in view.profile.error; Cognito's errors there too.
// The authenticator is the package's software one (cognito-auth-machine/testing); the browser's is
// test/browser/webAuthn.browser.ts.
import {
  ListWebAuthnCredentialsCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuthView, WebAuthnAdapter } from '../../src/index'
import { softwareAuthenticator } from '../../src/testing'
import { ops, startHarness, TRANSPORTS, type Harness, type Pool } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const PASSWORD = 'first-Passw0rd!'
const ORIGIN = 'http://localhost:5173'

/** The signed-in view's account page, failing the test on any other view. */
function page(view: AuthView) {
  if (view.step !== 'signedIn' || !view.profile) throw new Error(`expected signedIn with a profile, got ${JSON.stringify(view)}`)
  return view.profile
}

/** Passkeys on: WEB_AUTHN a first factor, relying party `localhost` (or, `null`, none: the configuration missing). */
async function passkeyPool(relyingPartyId: string | null = 'localhost'): Promise<Pool> {
  const pool = await h.pool()
  const PasswordPolicy = {
    MinimumLength: 8,
    RequireLowercase: false,
    RequireUppercase: false,
    RequireNumbers: false,
    RequireSymbols: false,
  }
  await h.sdk.send(
    new UpdateUserPoolCommand({
      UserPoolId: pool.userPoolId,
      Policies: { PasswordPolicy, SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
    }),
  )
  if (relyingPartyId)
    await h.sdk.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: pool.userPoolId, WebAuthnConfiguration: { RelyingPartyId: relyingPartyId } }),
    )
  return pool
}

describe.each(TRANSPORTS)('passkeys on the account page through %s', (kind) => {
  let pool: Pool
  beforeAll(async () => {
    pool = await passkeyPool()
  })
  const fresh = () => `pk-${kind}-${Math.random().toString(36).slice(2, 8)}`

  async function signedIn(webAuthn: WebAuthnAdapter, on = pool) {
    const username = fresh()
    await h.user(on, username, PASSWORD, { email: `${username}@example.com`, email_verified: 'true' })
    const client = h.client(on, kind, { webAuthn })
    expect((await client.signIn({ username, password: PASSWORD })).step).toBe('signedIn')
    return { username, client }
  }

  it('registerPasskey: Start, the ceremony, Complete, then the list; the same authenticator again is PASSKEY_EXISTS', async () => {
    const laptop = softwareAuthenticator({ origin: ORIGIN })
    const { client } = await signedIn(laptop)
    const before = client.calls.length
    const view = await client.registerPasskey()
    expect(ops(client.calls.slice(before))).toEqual([
      'StartWebAuthnRegistration',
      'CompleteWebAuthnRegistration',
      'ListWebAuthnCredentials',
    ])
    const [held] = laptop.credentials()
    expect(page(view)).toMatchObject({
      passkeys: [
        {
          id: held!.id,
          name: expect.stringMatching(/passkey/i),
          attachment: 'platform',
          transports: ['internal'],
          createdAt: Math.floor(h.cognito.clock.now() / 1000) * 1000,
        },
      ],
      passkeysNextToken: null,
      notice: 'passkeyRegistered',
      error: null,
    })
    expect(view.step === 'signedIn' && view.busy).toBe(null)
    // excludeCredentials lists it: the authenticator refuses, and nothing more reaches Cognito
    const calls = client.calls.length
    const again = await client.registerPasskey()
    expect(page(again).error).toMatchObject({ code: 'PASSKEY_EXISTS' })
    expect(page(again).passkeys).toHaveLength(1)
    expect(ops(client.calls.slice(calls))).toEqual(['StartWebAuthnRegistration'])
  })

  it('listPasskeys pages with pageSize and nextToken; deletePasskey removes one and reads the first page again with the same size', async () => {
    const keys = [
      softwareAuthenticator({ origin: ORIGIN }),
      softwareAuthenticator({ origin: ORIGIN, attachment: 'cross-platform', transports: ['usb', 'nfc'] }),
      softwareAuthenticator({ origin: ORIGIN }),
      softwareAuthenticator({ origin: ORIGIN }),
    ]
    let next = 0
    const rotating: WebAuthnAdapter = { create: (o, s) => keys[next++]!.create(o, s), get: (o, s) => keys[0]!.get(o, s) }
    const { client } = await signedIn(rotating)
    for (let i = 0; i < 4; i++) expect(page(await client.registerPasskey()).error).toBeNull()
    const ids = keys.map((k) => k.credentials()[0]!.id)
    let view = await client.listPasskeys({ pageSize: 2 })
    expect(page(view).passkeys?.map((p) => p.id)).toEqual(ids.slice(0, 2))
    expect(page(view).passkeys?.[1]).toMatchObject({ attachment: 'cross-platform', transports: ['usb', 'nfc'] })
    const nextToken = page(view).passkeysNextToken
    expect(nextToken).toEqual(expect.any(String))
    view = await client.listPasskeys({ nextToken: nextToken!, pageSize: 2 })
    expect(page(view)).toMatchObject({ passkeys: [{ id: ids[2] }, { id: ids[3] }], passkeysNextToken: null, notice: null })
    view = await client.deletePasskey(ids[0]!)
    expect(page(view)).toMatchObject({
      passkeys: [{ id: ids[1] }, { id: ids[2] }],
      passkeysNextToken: expect.any(String),
      notice: 'passkeyDeleted',
    })
    const server = await h.sdk.send(new ListWebAuthnCredentialsCommand({ AccessToken: (await client.getTokens())!.accessToken }))
    expect(server.Credentials?.map((c) => c.CredentialId)).toEqual(ids.slice(1))
    // loadProfile reads the user, and leaves the passkeys as they were read
    expect(page(await client.loadProfile()).passkeys?.map((p) => p.id)).toEqual(ids.slice(1, 3))
  })

  it("the user's cancel, and the app's cancel() during the ceremony, are PASSKEY_CANCELLED; nothing is registered", async () => {
    const laptop = softwareAuthenticator({ origin: ORIGIN })
    let aborted = false
    let started: () => void = () => undefined
    // a dialog that stays open until the client aborts it
    const waiting: WebAuthnAdapter = {
      create: (_, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => ((aborted = true), reject(signal.reason as Error)))
          started()
        }),
      get: (o, s) => laptop.get(o, s),
    }
    const user = await signedIn(laptop)
    laptop.cancelNext()
    const view = await user.client.registerPasskey()
    expect(page(view).error).toMatchObject({ code: 'PASSKEY_CANCELLED', retryable: expect.any(Boolean) })
    expect(laptop.credentials()).toEqual([])

    const { client } = await signedIn(waiting)
    const opened = new Promise<void>((resolve) => (started = resolve))
    const registering = client.registerPasskey()
    await opened
    expect(client.getView()).toMatchObject({ step: 'signedIn', busy: 'registeringPasskey' })
    const cancelled = await client.cancel()
    expect(aborted).toBe(true)
    expect(page(cancelled)).toMatchObject({ error: { code: 'PASSKEY_CANCELLED' }, passkeys: null })
    expect(page(await registering).error?.code).toBe('PASSKEY_CANCELLED')
    expect(ops(client.calls)).not.toContain('CompleteWebAuthnRegistration')
    // and the page goes on
    expect(page(await client.listPasskeys()).passkeys).toEqual([])
  })

  it("Cognito's errors stay in the page: an unknown id, a pool with no relying party, input the client refuses", async () => {
    const laptop = softwareAuthenticator({ origin: ORIGIN })
    const { client } = await signedIn(laptop)
    let view = await client.deletePasskey('bm90LWEtcGFzc2tleQ')
    expect(page(view).error).toMatchObject({ code: 'RESOURCE_NOT_FOUND' })
    const calls = client.calls.length
    view = await client.deletePasskey('')
    expect(page(view).error).toMatchObject({ code: 'INVALID_INPUT' })
    view = await client.listPasskeys({ pageSize: 21 })
    expect(page(view).error).toMatchObject({ code: 'INVALID_INPUT' })
    expect(client.calls.length).toBe(calls)
    const bare = await signedIn(laptop, await passkeyPool(null))
    view = await bare.client.registerPasskey()
    expect(page(view).error).toMatchObject({ code: 'WEB_AUTHN_CONFIGURATION_MISSING' })
    expect(view.step).toBe('signedIn')
  })
})
