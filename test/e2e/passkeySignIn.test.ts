// Signing in with a passkey through the client (authFlow USER_AUTH, the WEB_AUTHN challenge), against the local
// server with both transports; the ceremony is the package's software authenticator (the browser's is proven in
// test/browser/webAuthn.browser.ts and the example apps). The remembered device's key goes with the passkey answer,
// and with the server ignoring it on this path, the new key replaces the old one.
import { AdminListDevicesCommand } from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuthView } from '../../src/index'
import { softwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing/index'
import { ops, startHarness, TRANSPORTS, type Harness, type Pool } from './harness'

let h: Harness
let ignoring: Harness
beforeAll(async () => {
  h = await startHarness()
  ignoring = await startHarness({ devices: { userAuthIgnoresKeyOn: ['WEB_AUTHN'] } })
})
afterAll(async () => {
  await h.close()
  await ignoring.close()
})

const ORIGIN = 'http://localhost:5173'
const PASSWORD = 'correct horse 1'

function step<S extends AuthView['step']>(view: AuthView, expected: S): Extract<AuthView, { step: S }> {
  if (view.step !== expected) throw new Error(`expected ${expected}, got ${view.step}: ${'error' in view ? view.error?.message : ''}`)
  return view as Extract<AuthView, { step: S }>
}

/** A pool with passwordless sign-in (e-mail codes and passkeys for relying party `localhost`), and a user `eve` in it. */
async function passwordless(on: Harness): Promise<Pool> {
  const pool = await on.pool({
    mfa: 'OPTIONAL',
    devices: 'opt-in',
    userAuth: true,
    email: true,
    firstFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'],
    relyingPartyId: 'localhost',
  })
  await on.user(pool, 'eve', PASSWORD, { email: 'eve@example.com', email_verified: 'true' })
  return pool
}

/** eve's client with `authenticator`: signed in with an e-mail code (remembering the device), a passkey registered, signed out. */
async function withPasskey(on: Harness, pool: Pool, kind: (typeof TRANSPORTS)[number], authenticator: SoftwareAuthenticator) {
  const client = on.client(pool, kind, { authFlow: 'USER_AUTH', webAuthn: authenticator })
  step(await client.signIn({ username: 'eve', preferredChallenge: 'EMAIL_OTP' }), 'mfaCode')
  const key = step(await client.submitCode(on.cognito.outbox.last('eve')!.code), 'rememberDevice').deviceKey
  step(await client.rememberDevice(true), 'signedIn')
  expect(step(await client.registerPasskey(), 'signedIn').profile?.passkeys).toHaveLength(1)
  await client.signOut()
  return { client, key }
}

const devicesOf = async (on: Harness, pool: Pool) =>
  ((await on.sdk.send(new AdminListDevicesCommand({ UserPoolId: pool.userPoolId, Username: 'eve' }))).Devices ?? []).map((d) => d.DeviceKey)

describe.each(TRANSPORTS)('passkey sign-in through the client (%s)', (kind) => {
  it('the passkey step, the ceremony, and the remembered device proven with device SRP after it', async () => {
    const pool = await passwordless(h)
    const laptop = softwareAuthenticator({ origin: ORIGIN })
    const { client, key } = await withPasskey(h, pool, kind, laptop)
    client.calls.length = 0
    const prompt = step(await client.signIn({ username: 'eve', preferredChallenge: 'WEB_AUTHN' }), 'passkey')
    expect(prompt).toMatchObject({ username: 'eve', error: null })
    const view = step(await client.usePasskey(), 'signedIn')
    expect(view.device).toMatchObject({ deviceKey: key, status: 'remembered' })
    // InitiateAuth (PREFERRED_CHALLENGE WEB_AUTHN), the WEB_AUTHN answer, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER
    expect(ops(client.calls)).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge', 'RespondToAuthChallenge'])
    const event = h.cognito.authEvents.last('eve')
    expect(event).toMatchObject({ response: 'Pass', deviceKeyPresented: key, deviceKeyIssued: undefined })
    expect(event?.deviceKeysSent).toEqual([key, key, key, key])
    expect(await devicesOf(h, pool)).toEqual([key])
  })

  it('chosen in the selectChallenge step; a cancelled ceremony shows in the passkey step and can be tried again', async () => {
    const pool = await passwordless(h)
    const laptop = softwareAuthenticator({ origin: ORIGIN })
    const { client } = await withPasskey(h, pool, kind, laptop)
    const choice = step(await client.signIn({ username: 'eve' }), 'selectChallenge')
    expect(choice.options).toContain('WEB_AUTHN')
    step(await client.selectChallenge({ challenge: 'WEB_AUTHN' }), 'passkey')
    laptop.cancelNext()
    const cancelled = step(await client.usePasskey(), 'passkey')
    expect(cancelled.error).toMatchObject({ code: 'PASSKEY_CANCELLED', retryable: true })
    step(await client.usePasskey(), 'signedIn')
  })

  it('an authenticator without a passkey of the account cannot answer (the browser would time out); cancel() leaves', async () => {
    const pool = await passwordless(h)
    await withPasskey(h, pool, kind, softwareAuthenticator({ origin: ORIGIN }))
    const other = h.client(pool, kind, { authFlow: 'USER_AUTH', webAuthn: softwareAuthenticator({ origin: ORIGIN }) })
    step(await other.signIn({ username: 'eve', preferredChallenge: 'WEB_AUTHN' }), 'passkey')
    other.calls.length = 0
    expect(step(await other.usePasskey(), 'passkey').error?.code).toBe('PASSKEY_CANCELLED')
    expect(other.calls).toEqual([])
    expect(step(await other.cancel(), 'signedOut').error).toBeNull()
  })

  it('a page on another site cannot use the passkey: WEB_AUTHN_RELYING_PARTY_MISMATCH in the step', async () => {
    const pool = await passwordless(h)
    await withPasskey(h, pool, kind, softwareAuthenticator({ origin: ORIGIN }))
    const elsewhere = h.client(pool, kind, { authFlow: 'USER_AUTH', webAuthn: softwareAuthenticator({ origin: 'https://evil.example' }) })
    step(await elsewhere.signIn({ username: 'eve', preferredChallenge: 'WEB_AUTHN' }), 'passkey')
    expect(step(await elsewhere.usePasskey(), 'passkey').error?.code).toBe('WEB_AUTHN_RELYING_PARTY_MISMATCH')
  })
})

describe.each(TRANSPORTS)('passkey sign-in when the service ignores DEVICE_KEY on it (%s)', (kind) => {
  it('the key is still sent; the new one is confirmed and asked about, the old one forgotten: one device, always', async () => {
    const pool = await passwordless(ignoring)
    const { client, key } = await withPasskey(ignoring, pool, kind, softwareAuthenticator({ origin: ORIGIN }))
    let held = key
    for (const remember of [false, true]) {
      step(await client.signIn({ username: 'eve', preferredChallenge: 'WEB_AUTHN' }), 'passkey')
      const prompt = step(await client.usePasskey(), 'rememberDevice')
      expect(prompt.reason).toBe('newDevice')
      const event = ignoring.cognito.authEvents.last('eve')
      expect(event).toMatchObject({ deviceKeyPresented: undefined, deviceKeyIssued: prompt.deviceKey })
      expect(event?.deviceKeysSent).toEqual([held, held])
      step(await client.rememberDevice(remember), 'signedIn')
      expect(await devicesOf(ignoring, pool)).toEqual([prompt.deviceKey])
      held = prompt.deviceKey
      await client.signOut()
    }
  })
})
