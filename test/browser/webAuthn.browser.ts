// browserWebAuthn() in Chromium, with the DevTools protocol's virtual authenticator (CTAP2, internal, resident
// keys, user verification) on a page served from http://localhost (a secure context). The built package's browser
// entry is bundled for the page; the ceremonies' JSON goes to the local Cognito server, which verifies it: the
// account page's registerPasskey() through the real client, then a WEB_AUTHN sign-in with the AWS SDK. Both with
// Chromium's own JSON helpers and with them deleted (the adapter's fallback), and the failures a browser gives:
// an aborted ceremony, an authenticator that holds the passkey already, a credential the authenticator lacks.
import {
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import { build } from 'esbuild'
import { createServer, type Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  AuthError,
  createAuthClient,
  fetchTransport,
  memoryStorage,
  type AuthErrorCode,
  type AuthView,
  type WebAuthnAdapter,
} from '../../src/index'
import { seedPool, startLocalCognito, type LocalCognito, type SeededPool } from '../../src/testing/index'
import { launchChromium } from './launchChromium'
import { addVirtualAuthenticator } from './pageHelpers'

const root = fileURLToPath(new URL('../..', import.meta.url))
const PASSWORD = 'Correct-Horse-9'

declare global {
  interface Window {
    /** The page's call into the adapter: the ceremony's JSON, or the AuthError's code, cause name and message. */
    ceremony?: (kind: 'create' | 'get', options: Record<string, unknown>, abort?: boolean) => Promise<unknown>
  }
}

/** The package's browser entry (dist/, as an app gets it), bundled for the page with what the adapter needs. */
async function pageScript(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import { browserWebAuthn } from 'cognito-auth-machine/machine'
        window.ceremony = async (kind, options, abort) => {
          const controller = new AbortController()
          const running = browserWebAuthn()[kind](options, controller.signal)
          if (abort) controller.abort()
          try {
            return { ok: await running }
          } catch (error) {
            return { code: error.code, cause: error.cause, name: error.name }
          }
        }`,
      resolveDir: root,
      loader: 'js',
    },
    absWorkingDir: root,
    tsconfigRaw: '{}', // the package through its exports map (dist/), not tsconfig paths (src/)
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

let browser: Browser
let server: Server
let origin: string
let cognito: LocalCognito
let sdk: CognitoIdentityProviderClient
beforeAll(async () => {
  const script = await pageScript()
  server = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>passkeys</title><script type="module" src="/page.js"></script>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  origin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`
  cognito = await startLocalCognito({ port: 0 })
  sdk = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: cognito.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  sdk?.destroy()
  await cognito?.close()
  await new Promise((resolve) => server?.close(resolve))
})

/** A page on http://localhost with a virtual authenticator; `fallback` deletes Chromium's WebAuthn JSON helpers first. */
async function openPage(fallback: boolean): Promise<{ page: Page; cdp: CDPSession; authenticatorId: string }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  if (fallback)
    await page.addInitScript(() => {
      const pkc = PublicKeyCredential as unknown as Record<string, unknown>
      delete pkc.parseCreationOptionsFromJSON
      delete pkc.parseRequestOptionsFromJSON
      delete (PublicKeyCredential.prototype as unknown as Record<string, unknown>).toJSON
    })
  await page.goto(`${origin}/`)
  await page.waitForFunction(() => typeof window.ceremony === 'function')
  expect(await page.evaluate(() => isSecureContext)).toBe(true)
  const helpers = await page.evaluate(() => typeof (PublicKeyCredential as unknown as Record<string, unknown>).parseCreationOptionsFromJSON)
  expect(helpers).toBe(fallback ? 'undefined' : 'function')
  const cdp = await context.newCDPSession(page)
  const authenticatorId = await addVirtualAuthenticator(cdp)
  return { page, cdp, authenticatorId }
}

type Outcome = { ok?: Record<string, unknown>; code?: string; cause?: { name: string; message: string } }
/** One ceremony in the page through browserWebAuthn(). */
const ceremony = (page: Page, kind: 'create' | 'get', options: Record<string, unknown>, abort = false): Promise<Outcome> =>
  page.evaluate(([k, o, a]) => window.ceremony!(k, o, a), [kind, options, abort] as const) as Promise<Outcome>

/** The page's adapter as the Node client's webAuthn: each ceremony runs in Chromium. */
function inPage(page: Page): WebAuthnAdapter {
  const run = async (kind: 'create' | 'get', options: Record<string, unknown>) => {
    const outcome = await ceremony(page, kind, options)
    if (!outcome.ok) throw new AuthError(outcome.code as AuthErrorCode, `${kind} failed in the page`, { cause: outcome.cause })
    return outcome.ok
  }
  return { create: (options) => run('create', options), get: (options) => run('get', options) }
}

function profileOf(view: AuthView) {
  if (view.step !== 'signedIn' || !view.profile) throw new Error(`expected signedIn with a profile, got ${view.step}`)
  return view.profile
}

describe.each([
  ['Chromium’s JSON helpers', false],
  ['the fallback (helpers deleted)', true],
] as const)('browserWebAuthn with %s', (_, fallback) => {
  let pool: SeededPool
  let page: Page
  let cdp: CDPSession
  let authenticatorId: string
  beforeEach(async () => {
    pool = await seedPool(cognito, { webAuthn: { relyingPartyId: 'localhost' }, users: [{ username: 'ana', password: PASSWORD }] })
    ;({ page, cdp, authenticatorId } = await openPage(fallback))
  })

  it('registers through the account page (the server verifies the attestation), then signs in with WEB_AUTHN', async () => {
    const client = createAuthClient({
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
      endpoint: cognito.endpoint,
      transport: fetchTransport(),
      storage: memoryStorage(),
      clock: cognito.clock,
      webAuthn: inPage(page),
    })
    try {
      expect((await client.signIn({ username: 'ana', password: PASSWORD })).step).toBe('signedIn')
      const view = await client.registerPasskey()
      const profile = profileOf(view)
      expect(profile.error).toBeNull()
      expect(profile.passkeys).toEqual([
        {
          id: expect.any(String),
          name: expect.any(String),
          attachment: 'platform',
          transports: ['internal'],
          createdAt: expect.any(Number),
        },
      ])
      const id = profile.passkeys![0]!.id
      // a WEB_AUTHN sign-in, answered with the assertion the page makes
      const challenge = await sdk.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'USER_AUTH',
          AuthParameters: { USERNAME: 'ana', PREFERRED_CHALLENGE: 'WEB_AUTHN' },
        }),
      )
      expect(challenge.ChallengeName).toBe('WEB_AUTHN')
      const options = JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as Record<string, unknown>
      const assertion = await ceremony(page, 'get', options)
      expect(assertion.ok).toMatchObject({ id, rawId: id, type: 'public-key', response: { userHandle: expect.any(String) } })
      const data = JSON.parse(
        Buffer.from(String((assertion.ok!.response as Record<string, string>).clientDataJSON), 'base64url').toString(),
      )
      expect(data).toMatchObject({ type: 'webauthn.get', origin, challenge: options.challenge })
      const signedIn = await sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: pool.clientId,
          ChallengeName: 'WEB_AUTHN',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: challenge.ChallengeParameters!.USERNAME!, CREDENTIAL: JSON.stringify(assertion.ok) },
        }),
      )
      expect(signedIn.AuthenticationResult?.AccessToken).toEqual(expect.any(String))

      // the same authenticator again: excludeCredentials lists its passkey, Chromium says InvalidStateError
      const start = await client.registerPasskey()
      expect(profileOf(start).error).toMatchObject({ code: 'PASSKEY_EXISTS', cause: { name: 'InvalidStateError' } })
    } finally {
      client.stop()
    }
  })

  it('an aborted ceremony is PASSKEY_CANCELLED; a credential the authenticator lacks is NotAllowedError, PASSKEY_CANCELLED; a foreign rp id SecurityError; bad options INVALID_PARAMETER', async () => {
    const options = {
      rp: { id: 'localhost', name: 'Local' },
      user: { id: 'dXNlci0x', name: 'ana', displayName: 'Ana' },
      challenge: 'Y2hhbGxlbmdlLTAxMjM0NTY3ODk',
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    }
    // no presence: the ceremony waits for the user, until the client aborts it
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: false })
    const aborted = await ceremony(page, 'create', options, true)
    expect(aborted).toMatchObject({ code: 'PASSKEY_CANCELLED', cause: { name: 'AbortError' } })
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: true })
    const made = await ceremony(page, 'create', options)
    expect(made.ok).toMatchObject({ type: 'public-key', response: { attestationObject: expect.any(String), transports: ['internal'] } })
    const missing = await ceremony(page, 'get', {
      challenge: 'Y2hhbGxlbmdlLTk4NzY1NDMyMTA',
      rpId: 'localhost',
      allowCredentials: [{ type: 'public-key', id: 'bm8tc3VjaC1jcmVkZW50aWFs' }],
      userVerification: 'required',
      timeout: 60_000,
    })
    expect(missing).toMatchObject({ code: 'PASSKEY_CANCELLED', cause: { name: 'NotAllowedError' } })
    const mismatch = await ceremony(page, 'create', { ...options, rp: { id: 'example.com', name: 'Elsewhere' } })
    expect(mismatch).toMatchObject({ code: 'WEB_AUTHN_RELYING_PARTY_MISMATCH', cause: { name: 'SecurityError' } })
    const broken = await ceremony(page, 'create', { ...options, challenge: 'not base64url!' })
    // Chromium's parser says EncodingError, the fallback TypeError
    expect(broken).toMatchObject({ code: 'INVALID_PARAMETER', cause: { name: fallback ? 'TypeError' : 'EncodingError' } })
  })
})
