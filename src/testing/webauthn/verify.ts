// Verification of WebAuthn ceremonies: a registration (CompleteWebAuthnRegistration's Credential) and an assertion (the
// WEB_AUTHN answer's CREDENTIAL). The checks Cognito names an exception for (challenge, origin, relying party, key
// algorithm) are made here first, so that each gets its own exception; @simplewebauthn/server then verifies the rest
// (attestation statement, signature, flags, counter).
import { createHash } from 'node:crypto'
import { CognitoError, errors } from '../errors'
import type { Passkey } from '../store/types'
import { webAuthnLibrary } from './library'

/** What a ceremony must match. @internal */
export interface Expected {
  /** The challenge the server sent (base64url). */
  challenge: string
  relyingPartyId: string
  userVerification: 'required' | 'preferred'
}

/** The COSE algorithms the server offers and takes: ES256 and RS256. @internal */
export const ALGORITHMS = [-7, -257]

const fail = (type: string, message: string) => errors.make(type, message)
const BASE64URL = /^[A-Za-z0-9_-]*$/

/** The credential as a record with the string members named (base64url ones checked), else `InvalidParameterException`. */
function shape<K extends string>(
  value: unknown,
  members: K[],
): { top: Record<string, unknown>; response: Record<K, string> & Record<string, unknown> } {
  const bad = () => errors.invalidParameter('The credential is not a WebAuthn public key credential in its JSON form.')
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad()
  const top = value as Record<string, unknown>
  const response = top.response as Record<string, unknown> | undefined
  if (typeof top.id !== 'string' || !top.id || !BASE64URL.test(top.id) || top.type !== 'public-key') throw bad()
  if (typeof response !== 'object' || response === null) throw bad()
  for (const member of members) {
    const text = response[member]
    if (typeof text !== 'string' || !BASE64URL.test(text)) throw bad()
  }
  return { top, response: response as Record<K, string> & Record<string, unknown> }
}

/** `clientDataJSON`, decoded: type, challenge, origin. */
function clientData(encoded: string, type: string): { challenge: string; origin: string } {
  let data: Record<string, unknown> | undefined
  try {
    data = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<string, unknown>
  } catch {
    data = undefined
  }
  if (typeof data?.challenge !== 'string' || typeof data.origin !== 'string' || data.type !== type) {
    throw errors.invalidParameter(`The credential's clientDataJSON is not that of ${type}.`)
  }
  return { challenge: data.challenge, origin: data.origin }
}

/**
 * Whether a page of `origin` may use the relying party id: its host is the id or a subdomain of it, over https, or
 * over http for `localhost` (and its subdomains), as browsers allow for development.
 */
function originAllowed(origin: string, relyingPartyId: string): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  const host = url.hostname.toLowerCase()
  if (host !== relyingPartyId && !host.endsWith(`.${relyingPartyId}`)) return false
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && (host === 'localhost' || host.endsWith('.localhost'))
}

/** Challenge, origin and relying party: the checks with an exception of their own. */
function checkCommon(data: { challenge: string; origin: string }, rpIdHash: Uint8Array, expected: Expected): void {
  if (data.challenge !== expected.challenge) {
    throw fail('WebAuthnChallengeNotFoundException', 'The challenge of this credential was not found or has expired.')
  }
  if (!originAllowed(data.origin, expected.relyingPartyId)) {
    throw fail('WebAuthnOriginNotAllowedException', `Origin ${data.origin} is not allowed for relying party ${expected.relyingPartyId}.`)
  }
  const ours = createHash('sha256').update(expected.relyingPartyId).digest()
  if (!ours.equals(Buffer.from(rpIdHash))) {
    throw fail('WebAuthnRelyingPartyMismatchException', `The credential was not made for relying party ${expected.relyingPartyId}.`)
  }
}

/** Runs a decoder of the library; what it throws is `InvalidParameterException` naming the part. */
function read<T>(part: string, decode: () => T): T {
  try {
    return decode()
  } catch (error) {
    throw errors.invalidParameter(`The credential's ${part} cannot be read: ${(error as Error).message}.`)
  }
}

/** What the library threw, as the exception Cognito gives. */
function libraryFailure(error: unknown): CognitoError {
  if (error instanceof CognitoError) return error
  const reason = error instanceof Error ? error.message : String(error)
  if (/attestation format|public key alg|alg"/i.test(reason)) return fail('WebAuthnCredentialNotSupportedException', `${reason}.`)
  return errors.invalidParameter(`The credential could not be verified: ${reason}.`)
}

/** A verified registration: the passkey to keep, but for its name and date. @internal */
export type Registered = Pick<Passkey, 'id' | 'publicKey' | 'counter' | 'transports' | 'attachment'>

/**
 * Verifies a `RegistrationResponseJSON`. Throws `WebAuthnChallengeNotFoundException` (another challenge),
 * `WebAuthnOriginNotAllowedException`, `WebAuthnRelyingPartyMismatchException` (rpIdHash),
 * `WebAuthnCredentialNotSupportedException` (a key algorithm other than ES256/RS256, an attestation format the
 * library does not know) or `InvalidParameterException` (malformed, a bad attestation, user verification missing
 * where required). @internal
 */
export async function verifyRegistration(credential: unknown, expected: Expected): Promise<Registered> {
  const { top, response } = shape(credential, ['clientDataJSON', 'attestationObject'])
  const data = clientData(response.clientDataJSON, 'webauthn.create')
  const { server, helpers } = await webAuthnLibrary()
  const attestation = Buffer.from(response.attestationObject, 'base64url')
  const authData = read('attestationObject', () =>
    helpers.parseAuthenticatorData(helpers.decodeAttestationObject(attestation).get('authData')),
  )
  checkCommon(data, authData.rpIdHash, expected)
  const key = authData.credentialPublicKey
  const alg = key ? read('public key', () => helpers.decodeCredentialPublicKey(key).get(3)) : undefined
  if (typeof alg !== 'number' || !ALGORITHMS.includes(alg)) {
    throw fail('WebAuthnCredentialNotSupportedException', `Public key algorithm ${String(alg)} is not supported; use ES256 or RS256.`)
  }
  const verified = await server
    .verifyRegistrationResponse({
      response: credential as Parameters<typeof server.verifyRegistrationResponse>[0]['response'],
      expectedChallenge: expected.challenge,
      expectedOrigin: data.origin,
      expectedRPID: expected.relyingPartyId,
      requireUserVerification: expected.userVerification === 'required',
      supportedAlgorithmIDs: ALGORITHMS,
    })
    .catch((error: unknown) => {
      throw libraryFailure(error)
    })
  if (!verified.verified) throw errors.invalidParameter('The credential could not be verified.')
  const { credential: made } = verified.registrationInfo
  const transports = Array.isArray(response.transports) ? (response.transports as unknown[]).filter((t) => typeof t === 'string') : []
  const attachment =
    top.authenticatorAttachment === 'platform' || top.authenticatorAttachment === 'cross-platform' ? top.authenticatorAttachment : undefined
  return { id: made.id, publicKey: made.publicKey, counter: made.counter, transports: transports as string[], attachment }
}

/**
 * Verifies an `AuthenticationResponseJSON` made with `passkey` and returns the new signature counter. A failure is
 * thrown as a CognitoError of the same kinds as a registration's; a counter that does not grow (when the
 * authenticator keeps one) is `NotAuthorizedException`, as is a `userHandle` that is not the user's. @internal
 */
export async function verifyAssertion(credential: unknown, expected: Expected, passkey: Passkey, userHandle: string): Promise<number> {
  const { response } = shape(credential, ['clientDataJSON', 'authenticatorData', 'signature'])
  const data = clientData(response.clientDataJSON, 'webauthn.get')
  const { server, helpers } = await webAuthnLibrary()
  const authData = read('authenticatorData', () => helpers.parseAuthenticatorData(Buffer.from(response.authenticatorData, 'base64url')))
  checkCommon(data, authData.rpIdHash, expected)
  if ((authData.counter > 0 || passkey.counter > 0) && authData.counter <= passkey.counter) {
    throw errors.notAuthorized(`The signature counter ${authData.counter} did not grow past ${passkey.counter}.`)
  }
  if (typeof response.userHandle === 'string' && response.userHandle !== userHandle) {
    throw errors.notAuthorized('The passkey belongs to another user.')
  }
  const verified = await server
    .verifyAuthenticationResponse({
      response: credential as Parameters<typeof server.verifyAuthenticationResponse>[0]['response'],
      expectedChallenge: expected.challenge,
      expectedOrigin: data.origin,
      expectedRPID: expected.relyingPartyId,
      credential: { id: passkey.id, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter },
      requireUserVerification: expected.userVerification === 'required',
    })
    .catch((error: unknown) => {
      throw libraryFailure(error)
    })
  if (!verified.verified) throw errors.notAuthorized('The passkey signature is not valid.')
  return verified.authenticationInfo.newCounter
}
