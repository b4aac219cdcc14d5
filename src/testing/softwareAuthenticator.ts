import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { AuthError } from '../errors'
import type { CreationOptionsJSON, CredentialJSON, RequestOptionsJSON, WebAuthnAdapter } from '../webauthn/WebAuthnAdapter'
import { encodeCbor } from './webauthn/cbor'

/**
 * Options of {@link softwareAuthenticator}.
 *
 * @example
 * ```ts
 * import type { SoftwareAuthenticatorOptions } from 'cognito-auth-machine/testing'
 *
 * const options: SoftwareAuthenticatorOptions = { origin: 'http://localhost:5173', attachment: 'cross-platform' }
 * ```
 */
export interface SoftwareAuthenticatorOptions {
  /**
   * The origin of the page the ceremonies run on, e.g. `'http://localhost:5173'` or `'https://app.example.com'`: it
   * goes into `clientDataJSON`, and the relying party id must be its host or a parent domain of it. Plain `http` is a
   * secure context only on `localhost`, as in browsers.
   */
  origin: string
  /** `authenticatorAttachment` of its credentials; `'platform'` (a built-in authenticator) by default. */
  attachment?: 'platform' | 'cross-platform'
  /** `transports` reported at registration; `['internal']` for a platform authenticator, `['usb']` otherwise. */
  transports?: string[]
  /** Whether it verifies the user (the UV flag); true by default. False models an authenticator without PIN or biometrics. */
  userVerification?: boolean
}

/**
 * A credential the authenticator holds (a resident key), as {@link SoftwareAuthenticator.credentials} lists it.
 *
 * @example
 * ```ts
 * import { softwareAuthenticator, type SoftwareCredential } from 'cognito-auth-machine/testing'
 *
 * const authenticator = softwareAuthenticator({ origin: 'http://localhost' })
 * const held: SoftwareCredential[] = authenticator.credentials() // [] until a registration
 * ```
 */
export interface SoftwareCredential {
  /** The credential id, base64url (Cognito's `CredentialId`). */
  readonly id: string
  /** The relying party id it was made for. */
  readonly rpId: string
  /** The user handle the relying party gave (`user.id`, base64url). */
  readonly userHandle: string
  /** The user name the relying party gave (`user.name`). */
  readonly userName: string
  /** The signature counter: 0 after registration, one more at each assertion. */
  readonly counter: number
}

/**
 * A {@link WebAuthnAdapter} that is a software authenticator, with test controls.
 *
 * @example
 * ```ts
 * import { softwareAuthenticator } from 'cognito-auth-machine/testing'
 *
 * const authenticator = softwareAuthenticator({ origin: 'http://localhost' })
 * authenticator.cancelNext() // the next create() or get() fails with PASSKEY_CANCELLED, as if the user dismissed it
 * ```
 */
export interface SoftwareAuthenticator extends WebAuthnAdapter {
  /** The credentials it holds, oldest first. */
  credentials(): SoftwareCredential[]
  /** Makes the next ceremony (create or get) fail with `PASSKEY_CANCELLED`, as a user who dismisses the prompt. */
  cancelNext(): void
  /** Sets a credential's signature counter (e.g. back to 0, to see a relying party refuse a counter that does not grow). */
  setCounter(credentialId: string, counter: number): void
  /** Forgets a credential, as a user who removes the passkey from the device. */
  remove(credentialId: string): void
}

interface Held {
  id: Buffer
  rpId: string
  userHandle: string
  userName: string
  privateKey: KeyObject
  counter: number
}

const FLAG_UP = 0x01
const FLAG_UV = 0x04
const FLAG_AT = 0x40
const ES256 = -7

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest()
const fail = (code: 'PASSKEY_CANCELLED' | 'PASSKEY_EXISTS' | 'PASSKEY_NOT_SUPPORTED' | 'INVALID_PARAMETER', message: string) =>
  new AuthError(code, message)

/** The page's origin, checked, and its host. */
function readOrigin(origin: unknown): URL {
  let url: URL | undefined
  try {
    url = typeof origin === 'string' ? new URL(origin) : undefined
  } catch {
    url = undefined
  }
  if (!url || url.origin !== origin || !/^https?:$/.test(url.protocol)) {
    throw new TypeError(`softwareAuthenticator: origin must be scheme://host[:port], e.g. 'http://localhost:5173', not ${String(origin)}`)
  }
  return url
}

/** A relying party id valid for the page (its host or a parent domain), as a browser requires, else WEB_AUTHN_RELYING_PARTY_MISMATCH. */
function checkRpId(page: URL, rpId: unknown): string {
  const host = page.hostname.toLowerCase()
  const id = typeof rpId === 'string' ? rpId.toLowerCase() : host
  if (id !== host && !host.endsWith(`.${id}`)) {
    throw new AuthError('WEB_AUTHN_RELYING_PARTY_MISMATCH', `The relying party id ${id} is not valid on ${page.origin}.`)
  }
  return id
}

/** The P-256 public key as a COSE_Key (EC2, ES256), in CTAP2's canonical order. */
function coseKey(privateKey: KeyObject): Uint8Array {
  const jwk = privateKey.export({ format: 'jwk' })
  const coord = (value: string | undefined) => new Uint8Array(Buffer.from(value ?? '', 'base64url'))
  return encodeCbor([
    [1, 2],
    [3, ES256],
    [-1, 1],
    [-2, coord(jwk.x)],
    [-3, coord(jwk.y)],
  ])
}

/** Authenticator data: rpIdHash, flags, counter, and for a registration the attested credential data. */
function authenticatorData(rpId: string, flags: number, counter: number, attested?: { id: Buffer; key: Uint8Array }): Buffer {
  const fixed = Buffer.alloc(37)
  sha256(rpId).copy(fixed, 0)
  fixed.writeUInt8(flags, 32)
  fixed.writeUInt32BE(counter, 33)
  if (!attested) return fixed
  const length = Buffer.alloc(2)
  length.writeUInt16BE(attested.id.length)
  return Buffer.concat([fixed, Buffer.alloc(16), length, attested.id, attested.key])
}

const clientData = (type: string, challenge: unknown, origin: string) =>
  Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8')

/** The ids of a descriptor list (`excludeCredentials`, `allowCredentials`). */
function descriptorIds(list: unknown): string[] {
  if (list === undefined) return []
  if (!Array.isArray(list)) throw fail('INVALID_PARAMETER', 'Credential descriptors must be a list.')
  return list.map((d: unknown) => String((d as { id?: unknown } | null)?.id ?? ''))
}

/** One authenticator: the page it runs on, what it reports, and the credentials it holds. */
interface Device {
  page: URL
  attachment: 'platform' | 'cross-platform'
  transports: string[]
  flags: number
  held: Held[]
}

/** navigator.credentials.create: a new ES256 passkey with `fmt: 'none'` attestation. */
function register(device: Device, creation: CreationOptionsJSON): CredentialJSON {
  const { page, held } = device
  const rp = (creation.rp ?? {}) as { id?: unknown }
  const user = (creation.user ?? {}) as { id?: unknown; name?: unknown }
  if (typeof creation.challenge !== 'string' || typeof user.id !== 'string') {
    throw fail('INVALID_PARAMETER', 'Creation options need a challenge and a user id.')
  }
  const rpId = checkRpId(page, rp.id)
  const params = Array.isArray(creation.pubKeyCredParams) ? (creation.pubKeyCredParams as { alg?: unknown }[]) : []
  if (!params.some((p) => p.alg === ES256)) throw fail('PASSKEY_NOT_SUPPORTED', 'This authenticator makes ES256 keys only.')
  const excluded = descriptorIds(creation.excludeCredentials)
  if (held.some((h) => h.rpId === rpId && excluded.includes(b64url(h.id)))) {
    throw fail('PASSKEY_EXISTS', 'This authenticator already holds a passkey of this account.')
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const id = randomBytes(32)
  const data = authenticatorData(rpId, device.flags | FLAG_AT, 0, { id, key: coseKey(privateKey) })
  const attestationObject = encodeCbor([
    ['fmt', 'none'],
    ['attStmt', []],
    ['authData', new Uint8Array(data)],
  ])
  // A new passkey for the same account on this relying party replaces the old one, as platform authenticators do.
  const same = held.findIndex((h) => h.rpId === rpId && h.userHandle === user.id)
  if (same >= 0) held.splice(same, 1)
  held.push({ id, rpId, userHandle: user.id, userName: String(user.name ?? ''), privateKey, counter: 0 })
  return {
    id: b64url(id),
    rawId: b64url(id),
    type: 'public-key',
    response: {
      clientDataJSON: b64url(clientData('webauthn.create', creation.challenge, page.origin)),
      attestationObject: b64url(attestationObject),
      authenticatorData: b64url(data),
      transports: [...device.transports],
      publicKeyAlgorithm: ES256,
      publicKey: b64url(publicKey.export({ format: 'der', type: 'spki' })),
    },
    clientExtensionResults: {},
    authenticatorAttachment: device.attachment,
  }
}

/** navigator.credentials.get: an assertion by the first credential that fits, its counter one more. */
function assert(device: Device, request: RequestOptionsJSON): CredentialJSON {
  if (typeof request.challenge !== 'string') throw fail('INVALID_PARAMETER', 'Request options need a challenge.')
  const rpId = checkRpId(device.page, request.rpId)
  const allowed = descriptorIds(request.allowCredentials)
  const credential = device.held.find((h) => h.rpId === rpId && (allowed.length === 0 || allowed.includes(b64url(h.id))))
  if (!credential) throw fail('PASSKEY_CANCELLED', `No passkey on this authenticator fits ${rpId}: the ceremony would time out.`)
  credential.counter += 1
  const data = authenticatorData(rpId, device.flags, credential.counter)
  const client = clientData('webauthn.get', request.challenge, device.page.origin)
  const signature = sign('sha256', Buffer.concat([data, sha256(client)]), { key: credential.privateKey, dsaEncoding: 'der' })
  return {
    id: b64url(credential.id),
    rawId: b64url(credential.id),
    type: 'public-key',
    response: {
      authenticatorData: b64url(data),
      clientDataJSON: b64url(client),
      signature: b64url(signature),
      userHandle: credential.userHandle,
    },
    clientExtensionResults: {},
    authenticatorAttachment: device.attachment,
  }
}

/**
 * A software WebAuthn authenticator for tests, in Node: a {@link WebAuthnAdapter} (create/get over WebAuthn's JSON
 * forms) that makes ES256 passkeys with node:crypto, attests them with `fmt: 'none'`, keeps them in memory as
 * resident credentials, and signs assertions with a signature counter and the user handle. It behaves as a browser
 * would: `PASSKEY_CANCELLED` when none of its credentials fits `allowCredentials` and the relying party id (a browser
 * would wait and time out with `NotAllowedError`), or after {@link SoftwareAuthenticator.cancelNext} or an aborted
 * signal; `PASSKEY_EXISTS` when `excludeCredentials` lists one of its credentials; `WEB_AUTHN_RELYING_PARTY_MISMATCH`
 * when the relying party id is not the origin's host or a parent domain of it; `PASSKEY_NOT_SUPPORTED` on an insecure
 * origin or without ES256 among `pubKeyCredParams`.
 *
 * @param options - the page's origin, and the kind of authenticator
 * @returns the authenticator
 * @throws TypeError when `origin` is not `scheme://host[:port]`
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { seedPool, softwareAuthenticator, startLocalCognito } from 'cognito-auth-machine/testing'
 *
 * const cognito = await startLocalCognito()
 * const pool = await seedPool(cognito, { userAuth: true, webAuthn: { relyingPartyId: 'localhost' } })
 * const authenticator = softwareAuthenticator({ origin: 'http://localhost:5173' })
 * const client = createAuthClient({ ...pool, clock: cognito.clock, webAuthn: authenticator })
 * ```
 */
export function softwareAuthenticator(options: SoftwareAuthenticatorOptions): SoftwareAuthenticator {
  const page = readOrigin(options.origin)
  const attachment = options.attachment ?? 'platform'
  const device: Device = {
    page,
    attachment,
    transports: [...(options.transports ?? (attachment === 'platform' ? ['internal'] : ['usb']))],
    flags: FLAG_UP | (options.userVerification === false ? 0 : FLAG_UV),
    held: [],
  }
  const { held } = device
  const secure = page.protocol === 'https:' || page.hostname === 'localhost' || page.hostname.endsWith('.localhost')
  let cancelNext = false

  /** Runs a ceremony as a browser would, after a pending cancel, an aborted signal or an insecure context. */
  const ceremony = (signal: AbortSignal | undefined, run: () => CredentialJSON): Promise<CredentialJSON> =>
    Promise.resolve().then(() => {
      if (cancelNext || signal?.aborted) {
        cancelNext = false
        throw fail('PASSKEY_CANCELLED', 'The passkey ceremony was cancelled.')
      }
      if (!secure) throw fail('PASSKEY_NOT_SUPPORTED', `Passkeys need a secure context; ${page.origin} is not one.`)
      return run()
    })

  const find = (id: string): Held => {
    const found = held.find((h) => b64url(h.id) === id)
    if (!found) throw new TypeError(`softwareAuthenticator: no credential ${id}`)
    return found
  }

  return {
    create: (creation, signal) => ceremony(signal, () => register(device, creation)),
    get: (request, signal) => ceremony(signal, () => assert(device, request)),
    credentials: () =>
      held.map((h) => ({ id: b64url(h.id), rpId: h.rpId, userHandle: h.userHandle, userName: h.userName, counter: h.counter })),
    cancelNext() {
      cancelNext = true
    },
    setCounter(credentialId, counter) {
      if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) {
        throw new TypeError('softwareAuthenticator: a counter is an integer from 0 to 2^32 - 1')
      }
      find(credentialId).counter = counter
    },
    remove(credentialId) {
      held.splice(held.indexOf(find(credentialId)), 1)
    },
  }
}
