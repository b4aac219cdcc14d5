/**
 * WebAuthn's JSON forms by hand, for browsers without `PublicKeyCredential.parseCreationOptionsFromJSON`,
 * `parseRequestOptionsFromJSON` or `PublicKeyCredential.prototype.toJSON` (WebAuthn Level 3): the binary fields
 * Cognito sends and takes are base64url strings. Loaded with the browser adapter, on first use.
 */
import { isObject } from '../json'
import type { CreationOptionsJSON, CredentialJSON, RequestOptionsJSON } from './WebAuthnAdapter'

/** A refusal of the options, thrown as the platform's parsers throw it (the adapter maps it to INVALID_PARAMETER). */
const malformed = (field: string) => new TypeError(`${field} is not base64url`)

/**
 * The bytes of a base64url string (with or without padding).
 *
 * @param value - the string
 * @param field - its name, for the error
 * @throws TypeError for anything that is not base64url
 */
export function fromBase64url(value: unknown, field: string): ArrayBuffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]*={0,2}$/.test(value) || value.replace(/=+$/, '').length % 4 === 1)
    throw malformed(field)
  const base64 = value.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes.buffer
}

/** The base64url form (no padding) of some bytes. */
export function toBase64url(value: ArrayBuffer | ArrayBufferView): string {
  const bytes = ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** A credential list (`excludeCredentials`, `allowCredentials`) with each `id` as bytes. */
function descriptors(list: unknown, field: string): unknown {
  if (list === undefined) return undefined
  if (!Array.isArray(list)) throw new TypeError(`${field} is not a list`)
  return list.map((entry: unknown, i) => {
    if (!isObject(entry)) throw new TypeError(`${field}[${i}] is not an object`)
    return { ...entry, id: fromBase64url(entry.id, `${field}[${i}].id`) }
  })
}

/** `PublicKeyCredentialCreationOptions` from its JSON form: `challenge`, `user.id` and the excluded ids as bytes. */
export function creationOptions(json: CreationOptionsJSON): PublicKeyCredentialCreationOptions {
  const user = json.user
  if (!isObject(user)) throw new TypeError('user is not an object')
  const options: Record<string, unknown> = {
    ...json,
    challenge: fromBase64url(json.challenge, 'challenge'),
    user: { ...user, id: fromBase64url(user.id, 'user.id') },
  }
  const excluded = descriptors(json.excludeCredentials, 'excludeCredentials')
  if (excluded) options.excludeCredentials = excluded
  return options as unknown as PublicKeyCredentialCreationOptions
}

/** `PublicKeyCredentialRequestOptions` from its JSON form: `challenge` and the allowed ids as bytes. */
export function requestOptions(json: RequestOptionsJSON): PublicKeyCredentialRequestOptions {
  const options: Record<string, unknown> = { ...json, challenge: fromBase64url(json.challenge, 'challenge') }
  const allowed = descriptors(json.allowCredentials, 'allowCredentials')
  if (allowed) options.allowCredentials = allowed
  return options as unknown as PublicKeyCredentialRequestOptions
}

/** The credential's response fields, each as the browser gives it (methods of Level 2 and later, where there). */
interface ResponseFields {
  clientDataJSON: ArrayBuffer
  attestationObject?: ArrayBuffer
  authenticatorData?: ArrayBuffer
  signature?: ArrayBuffer
  userHandle?: ArrayBuffer | null
  getTransports?: () => string[]
  getPublicKeyAlgorithm?: () => number
  getPublicKey?: () => ArrayBuffer | null
  getAuthenticatorData?: () => ArrayBuffer
}

/** The fields of a credential that the JSON form carries. */
interface CredentialFields {
  id: string
  rawId: ArrayBuffer
  type: string
  response: ResponseFields
  authenticatorAttachment?: string | null
  getClientExtensionResults?: () => unknown
  toJSON?: () => unknown
}

/** What is there of optional fields: an absent one is left out of the JSON. */
const present = (entries: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined && v !== null))

/**
 * `RegistrationResponseJSON` (a response with `attestationObject`) or `AuthenticationResponseJSON`: the platform's
 * `toJSON()` where there is one, else built from the response's fields.
 */
export function credentialJSON(credential: Credential): CredentialJSON {
  const c = credential as unknown as CredentialFields
  if (typeof c.toJSON === 'function') return c.toJSON() as CredentialJSON
  const r = c.response
  const bytes = (value: ArrayBuffer | null | undefined) => (value ? toBase64url(value) : undefined)
  const response = r.attestationObject
    ? present({
        clientDataJSON: toBase64url(r.clientDataJSON),
        attestationObject: toBase64url(r.attestationObject),
        authenticatorData: bytes(r.getAuthenticatorData?.()),
        transports: r.getTransports?.() ?? [],
        publicKeyAlgorithm: r.getPublicKeyAlgorithm?.(),
        publicKey: bytes(r.getPublicKey?.()),
      })
    : present({
        clientDataJSON: toBase64url(r.clientDataJSON),
        authenticatorData: bytes(r.authenticatorData),
        signature: bytes(r.signature),
        userHandle: bytes(r.userHandle),
      })
  return present({
    id: c.id,
    rawId: toBase64url(c.rawId),
    type: c.type,
    response,
    authenticatorAttachment: c.authenticatorAttachment,
    clientExtensionResults: c.getClientExtensionResults?.() ?? {},
  })
}
