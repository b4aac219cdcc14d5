// Passkey self-service: StartWebAuthnRegistration, CompleteWebAuthnRegistration, ListWebAuthnCredentials and
// DeleteWebAuthnCredential, each with the caller's access token.
import { randomBytes } from 'node:crypto'
import { errors } from '../errors'
import type { Passkey, User, UserPool } from '../store/types'
import { authenticate } from '../tokens/accessToken'
import { ALGORITHMS, verifyRegistration } from '../webauthn/verify'
import { seconds, type Operation } from './types'

/** How long a registration challenge lives on the server clock, and the `timeout` the creation options carry (5 minutes). */
const REGISTRATION_MS = 300_000
/** Passkeys one user may hold; Start refuses more with `LimitExceededException`. */
const MAX_PASSKEYS = 20

/**
 * The pool's relying party id, when passkeys can be used: it has one (else `WebAuthnConfigurationMissingException`)
 * and allows WEB_AUTHN as a first factor (else `WebAuthnNotEnabledException`). @internal
 */
export function passkeyRelyingParty(pool: UserPool): string {
  const id = pool.webAuthn.relyingPartyId
  if (id === undefined) throw errors.make('WebAuthnConfigurationMissingException', 'The user pool has no relying party id for passkeys.')
  if (!pool.firstAuthFactors.includes('WEB_AUTHN')) {
    throw errors.make('WebAuthnNotEnabledException', 'Passkey sign-in is not enabled for this user pool.')
  }
  return id
}

/** The WebAuthn user handle Cognito gives a user: their `sub`, base64url. @internal */
export const userHandle = (user: User): string => Buffer.from(user.sub, 'utf8').toString('base64url')

/** A credential descriptor (`excludeCredentials`, `allowCredentials`) for a passkey. @internal */
export const descriptor = (passkey: Passkey) => ({ type: 'public-key', id: passkey.id, transports: [...passkey.transports] })

/**
 * StartWebAuthnRegistration: the creation options (a JSON document) for the caller's next passkey, with a fresh
 * challenge that CompleteWebAuthnRegistration must answer within 5 minutes, from the same app client.
 */
export const StartWebAuthnRegistration: Operation = ({ state }, input) => {
  const { pool, client, user } = authenticate(state, input.req('AccessToken', 8192))
  const relyingPartyId = passkeyRelyingParty(pool)
  const passkeys = user.passkeys ?? []
  if (passkeys.length >= MAX_PASSKEYS) throw errors.make('LimitExceededException', `A user can have at most ${MAX_PASSKEYS} passkeys.`)
  const challenge = randomBytes(32).toString('base64url')
  user.passkeyChallenge = { challenge, clientId: client.id, expiresAt: state.clock.now() + REGISTRATION_MS }
  return {
    CredentialCreationOptions: {
      rp: { id: relyingPartyId, name: pool.name },
      user: { id: userHandle(user), name: user.username, displayName: user.attributes.get('name') ?? user.username },
      challenge,
      pubKeyCredParams: ALGORITHMS.map((alg) => ({ type: 'public-key', alg })),
      timeout: REGISTRATION_MS,
      excludeCredentials: passkeys.map(descriptor),
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: pool.webAuthn.userVerification },
    },
  }
}

/** An auto-generated `FriendlyCredentialName`: what kind of authenticator, and the day it was registered. */
function friendlyName(attachment: Passkey['attachment'], at: number): string {
  const kind = attachment === 'platform' ? 'Platform passkey' : attachment === 'cross-platform' ? 'Security key passkey' : 'Passkey'
  return `${kind} ${new Date(at).toISOString().slice(0, 10)}`
}

/**
 * CompleteWebAuthnRegistration: verifies the `RegistrationResponseJSON` (a JSON document) against the challenge of
 * the caller's last Start, and keeps the passkey. The challenge is good for one attempt: absent, used or expired it
 * is `WebAuthnChallengeNotFoundException`; started with a token of another app client, `WebAuthnClientMismatchException`.
 */
export const CompleteWebAuthnRegistration: Operation = async ({ state }, input) => {
  const { pool, client, user } = authenticate(state, input.req('AccessToken', 8192))
  const relyingPartyId = passkeyRelyingParty(pool)
  const credential = input.obj('Credential')?.body
  if (credential === undefined) throw errors.invalidParameter('Missing required parameter Credential')
  const pending = user.passkeyChallenge
  if (!pending || state.clock.now() >= pending.expiresAt) {
    user.passkeyChallenge = undefined
    throw errors.make('WebAuthnChallengeNotFoundException', 'No passkey registration was started, or it has expired.')
  }
  if (pending.clientId !== client.id) {
    throw errors.make('WebAuthnClientMismatchException', 'The passkey registration was started by another app client.')
  }
  user.passkeyChallenge = undefined
  const expected = { challenge: pending.challenge, relyingPartyId, userVerification: pool.webAuthn.userVerification }
  const made = await verifyRegistration(credential, expected)
  const passkeys = (user.passkeys ??= [])
  if (passkeys.some((p) => p.id === made.id)) throw errors.invalidParameter('This passkey is already registered.')
  const createdAt = state.clock.now()
  passkeys.push({ ...made, relyingPartyId, name: friendlyName(made.attachment, createdAt), createdAt })
  return {}
}

/** The position a `NextToken` of ListWebAuthnCredentials stands for. */
function readNextToken(token: string | undefined): number {
  if (token === undefined) return 0
  const at = /^p(\d{1,6})$/.exec(Buffer.from(token, 'base64url').toString('utf8'))
  if (!at) throw errors.invalidParameter('Invalid NextToken.')
  return Number(at[1])
}

/** ListWebAuthnCredentials: the caller's passkeys, oldest first, `MaxResults` (1 to 20, 20 by default) a page. */
export const ListWebAuthnCredentials: Operation = ({ state }, input) => {
  const { user } = authenticate(state, input.req('AccessToken', 8192))
  const from = readNextToken(input.str('NextToken', 131072))
  const size = input.int('MaxResults', 1, 20) ?? 20
  const passkeys = user.passkeys ?? []
  const page = passkeys.slice(from, from + size)
  const next = from + size < passkeys.length ? Buffer.from(`p${from + size}`).toString('base64url') : undefined
  return {
    Credentials: page.map((p) => ({
      CredentialId: p.id,
      FriendlyCredentialName: p.name,
      RelyingPartyId: p.relyingPartyId,
      ...(p.attachment ? { AuthenticatorAttachment: p.attachment } : {}),
      AuthenticatorTransports: [...p.transports],
      CreatedAt: seconds(p.createdAt),
    })),
    ...(next === undefined ? {} : { NextToken: next }),
  }
}

/** DeleteWebAuthnCredential: removes one of the caller's passkeys; an id that is not one is `ResourceNotFoundException`. */
export const DeleteWebAuthnCredential: Operation = ({ state }, input) => {
  const { user } = authenticate(state, input.req('AccessToken', 8192))
  const id = input.req('CredentialId', 1024)
  const passkeys = user.passkeys ?? []
  const at = passkeys.findIndex((p) => p.id === id)
  if (at < 0) throw errors.resourceNotFound('Credential not found.')
  passkeys.splice(at, 1)
  return {}
}
