// The browser WebAuthn adapter against fakes of navigator.credentials and PublicKeyCredential: the hand-made
// conversion where the platform lacks the Level 3 JSON helpers, the helpers where it has them, feature detection,
// the DOMException mapping and the abort signal. The real browser is test/browser/webAuthn.browser.ts.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AuthError } from '../../src/index'
import { browserWebAuthn } from '../../src/machine/index'
import { fromBase64url, toBase64url } from '../../src/webauthn/webAuthnJson'

const bytes = (...values: number[]) => new Uint8Array(values).buffer
/** base64url of 0xfb 0xff 0xfe: the two characters base64 and base64url spell apart (`+/` against `-_`). */
const DASHES = '-__-'
const CREATION = {
  rp: { id: 'localhost', name: 'Local' },
  user: { id: DASHES, name: 'ana', displayName: '' },
  challenge: 'AQID',
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  timeout: 60000,
  excludeCredentials: [{ type: 'public-key', id: 'BAUG' }],
  authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
}
const REQUEST = {
  challenge: 'AQID',
  rpId: 'localhost',
  allowCredentials: [{ type: 'public-key', id: DASHES }],
  userVerification: 'required',
}

/** A credential as a Level 2 browser returns it: no toJSON(). */
function registration() {
  return {
    id: 'BwgJ',
    rawId: bytes(7, 8, 9),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    getClientExtensionResults: () => ({ credProps: { rk: true } }),
    response: {
      clientDataJSON: bytes(1),
      attestationObject: bytes(2),
      getAuthenticatorData: () => bytes(3),
      getTransports: () => ['internal', 'hybrid'],
      getPublicKeyAlgorithm: () => -7,
      getPublicKey: () => bytes(4),
    },
  }
}
function assertion() {
  return {
    id: 'BwgJ',
    rawId: bytes(7, 8, 9),
    type: 'public-key',
    authenticatorAttachment: null,
    getClientExtensionResults: () => ({}),
    response: { clientDataJSON: bytes(1), authenticatorData: bytes(3), signature: bytes(0xfb, 0xff), userHandle: bytes(0xfe) },
  }
}

/** Installs fakes: `create`/`get` record their options, `parsers` the platform's JSON helpers if any. */
function fakeBrowser(options: { create?: () => unknown; get?: () => unknown; parsers?: boolean; secure?: boolean } = {}) {
  const calls: { kind: string; options: { publicKey: Record<string, unknown>; signal?: AbortSignal } }[] = []
  const credentials = {
    create: vi.fn(async (o) => (calls.push({ kind: 'create', options: o }), (options.create ?? registration)())),
    get: vi.fn(async (o) => (calls.push({ kind: 'get', options: o }), (options.get ?? assertion)())),
  }
  class PublicKeyCredential {}
  if (options.parsers)
    Object.assign(PublicKeyCredential, {
      parseCreationOptionsFromJSON: vi.fn((json: object) => ({ ...json, parsedBy: 'platform' })),
      parseRequestOptionsFromJSON: vi.fn((json: object) => ({ ...json, parsedBy: 'platform' })),
    })
  vi.stubGlobal('navigator', { credentials })
  vi.stubGlobal('PublicKeyCredential', PublicKeyCredential)
  vi.stubGlobal('isSecureContext', options.secure ?? true)
  return { calls, credentials, PublicKeyCredential }
}

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AuthError)
  return error as AuthError
}
const domError =
  (name: string, message = `${name} said so`) =>
  () => {
    throw new DOMException(message, name)
  }

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('base64url', () => {
  it('decodes and encodes with - and _, with or without padding, and refuses what is not base64url', () => {
    expect([...new Uint8Array(fromBase64url(DASHES, 'x'))]).toEqual([0xfb, 0xff, 0xfe])
    expect([...new Uint8Array(fromBase64url('AQ==', 'x'))]).toEqual([1])
    expect([...new Uint8Array(fromBase64url('AQ', 'x'))]).toEqual([1])
    expect(toBase64url(bytes(0xfb, 0xff, 0xfe))).toBe(DASHES)
    expect(toBase64url(new Uint8Array([9, 1, 2]).subarray(1))).toBe('AQI')
    for (const bad of ['a+b/', 'A', 'AQ=x', 12, undefined]) expect(() => fromBase64url(bad, 'challenge')).toThrow(TypeError)
  })
})

describe('browserWebAuthn without the Level 3 JSON helpers (the fallback)', () => {
  it('create: binary fields decoded for navigator.credentials.create, the credential built into RegistrationResponseJSON', async () => {
    const { calls } = fakeBrowser()
    const signal = new AbortController().signal
    const json = await browserWebAuthn().create(CREATION, signal)
    const { publicKey, signal: passed } = calls[0]!.options
    expect(passed).toBe(signal)
    expect([...new Uint8Array(publicKey.challenge as ArrayBuffer)]).toEqual([1, 2, 3])
    const user = publicKey.user as { id: ArrayBuffer; name: string }
    expect([...new Uint8Array(user.id)]).toEqual([0xfb, 0xff, 0xfe])
    expect(user.name).toBe('ana')
    expect([...new Uint8Array((publicKey.excludeCredentials as { id: ArrayBuffer }[])[0]!.id)]).toEqual([4, 5, 6])
    expect(publicKey.rp).toEqual(CREATION.rp)
    expect(publicKey.authenticatorSelection).toEqual(CREATION.authenticatorSelection)
    expect(json).toEqual({
      id: 'BwgJ',
      rawId: 'BwgJ',
      type: 'public-key',
      response: {
        clientDataJSON: 'AQ',
        attestationObject: 'Ag',
        authenticatorData: 'Aw',
        transports: ['internal', 'hybrid'],
        publicKeyAlgorithm: -7,
        publicKey: 'BA',
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: { credProps: { rk: true } },
    })
  })

  it('get: challenge and allowed ids decoded, the assertion built into AuthenticationResponseJSON', async () => {
    const { calls } = fakeBrowser()
    const json = await browserWebAuthn().get(REQUEST)
    const { publicKey, signal } = calls[0]!.options
    expect(signal).toBeUndefined()
    expect([...new Uint8Array(publicKey.challenge as ArrayBuffer)]).toEqual([1, 2, 3])
    expect([...new Uint8Array((publicKey.allowCredentials as { id: ArrayBuffer }[])[0]!.id)]).toEqual([0xfb, 0xff, 0xfe])
    expect(publicKey.rpId).toBe('localhost')
    expect(json).toEqual({
      id: 'BwgJ',
      rawId: 'BwgJ',
      type: 'public-key',
      response: { clientDataJSON: 'AQ', authenticatorData: 'Aw', signature: '-_8', userHandle: '_g' },
      clientExtensionResults: {},
    })
  })

  it('options that are not base64url are INVALID_PARAMETER, and no ceremony starts', async () => {
    const { credentials } = fakeBrowser()
    const error = await failureOf(browserWebAuthn().create({ ...CREATION, challenge: 'not+base64url' }))
    expect(error.code).toBe('INVALID_PARAMETER')
    expect(error.cause?.name).toBe('TypeError')
    expect((await failureOf(browserWebAuthn().create({ ...CREATION, user: 'ana' }))).code).toBe('INVALID_PARAMETER')
    expect((await failureOf(browserWebAuthn().get({ ...REQUEST, allowCredentials: [{ id: 7 }] }))).code).toBe('INVALID_PARAMETER')
    expect(credentials.create).not.toHaveBeenCalled()
    expect(credentials.get).not.toHaveBeenCalled()
  })
})

describe('browserWebAuthn with the platform JSON helpers', () => {
  it("uses the platform's parsers and the credential's toJSON()", async () => {
    const { calls, PublicKeyCredential } = fakeBrowser({
      parsers: true,
      create: () => ({ ...registration(), toJSON: () => ({ id: 'from toJSON' }) }),
    })
    expect(await browserWebAuthn().create(CREATION)).toEqual({ id: 'from toJSON' })
    expect(calls[0]!.options.publicKey).toEqual({ ...CREATION, parsedBy: 'platform' })
    await browserWebAuthn().get(REQUEST)
    expect(calls[1]!.options.publicKey).toEqual({ ...REQUEST, parsedBy: 'platform' })
    expect((PublicKeyCredential as unknown as Record<string, unknown>).parseRequestOptionsFromJSON).toHaveBeenCalledWith(REQUEST)
  })

  it("a TypeError of the platform's parser is INVALID_PARAMETER, its message in cause", async () => {
    const { PublicKeyCredential } = fakeBrowser({ parsers: true })
    Object.assign(PublicKeyCredential, {
      parseCreationOptionsFromJSON: () => {
        throw new TypeError("Failed to execute 'parseCreationOptionsFromJSON': challenge is not base64url")
      },
    })
    const error = await failureOf(browserWebAuthn().create(CREATION))
    expect(error.code).toBe('INVALID_PARAMETER')
    expect(error.cause).toEqual({ name: 'TypeError', message: expect.stringContaining('challenge is not base64url') })
  })
})

describe('browserWebAuthn failures', () => {
  it.each([
    ['NotAllowedError', 'PASSKEY_CANCELLED'],
    ['AbortError', 'PASSKEY_CANCELLED'],
    ['InvalidStateError', 'PASSKEY_EXISTS'],
    ['SecurityError', 'WEB_AUTHN_RELYING_PARTY_MISMATCH'],
    ['EncodingError', 'INVALID_PARAMETER'],
    ['NotSupportedError', 'PASSKEY_NOT_SUPPORTED'],
    ['UnknownError', 'UNKNOWN'],
  ])('%s is %s, the DOM name and message in cause', async (name, code) => {
    fakeBrowser({ create: domError(name), get: domError(name) })
    for (const run of [() => browserWebAuthn().create(CREATION), () => browserWebAuthn().get(REQUEST)]) {
      const error = await failureOf(run())
      expect(error.code).toBe(code)
      expect(error.cause).toEqual({ name, message: `${name} said so` })
    }
  })

  it('no PublicKeyCredential, no navigator.credentials, or not a secure context: PASSKEY_NOT_SUPPORTED, no ceremony', async () => {
    const { credentials } = fakeBrowser({ secure: false })
    expect((await failureOf(browserWebAuthn().create(CREATION))).code).toBe('PASSKEY_NOT_SUPPORTED')
    vi.stubGlobal('isSecureContext', true)
    vi.stubGlobal('PublicKeyCredential', undefined)
    expect((await failureOf(browserWebAuthn().get(REQUEST))).code).toBe('PASSKEY_NOT_SUPPORTED')
    fakeBrowser()
    vi.stubGlobal('navigator', {})
    expect((await failureOf(browserWebAuthn().create(CREATION))).code).toBe('PASSKEY_NOT_SUPPORTED')
    expect(credentials.create).not.toHaveBeenCalled()
  })

  it('a ceremony aborted by the signal is PASSKEY_CANCELLED, whatever the browser rejects with (the reason)', async () => {
    const controller = new AbortController()
    const { calls } = fakeBrowser({
      create: () =>
        new Promise((_, reject) => {
          const signal = calls[0]!.options.signal!
          signal.addEventListener('abort', () => reject(signal.reason))
          controller.abort(new Error('the page left'))
        }),
    })
    const error = await failureOf(browserWebAuthn().create(CREATION, controller.signal))
    expect(error.code).toBe('PASSKEY_CANCELLED')
    expect(error.cause).toEqual({ name: 'Error', message: 'the page left' })
    // aborted before it began: no ceremony
    expect((await failureOf(browserWebAuthn().get(REQUEST, controller.signal))).code).toBe('PASSKEY_CANCELLED')
    expect(calls).toHaveLength(1)
  })

  it('a ceremony that gives no credential is PASSKEY_CANCELLED', async () => {
    fakeBrowser({ get: () => null })
    expect((await failureOf(browserWebAuthn().get(REQUEST))).code).toBe('PASSKEY_CANCELLED')
  })
})
