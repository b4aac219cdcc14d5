/**
 * The account page's passkey calls: register one (StartWebAuthnRegistration, the WebAuthn ceremony,
 * CompleteWebAuthnRegistration), list them a page at a time, delete one. Each takes the access token of the
 * session in storage, like the page's other calls. Loaded with the profile chart, on first use; the browser's
 * WebAuthn adapter only when a passkey is first registered and no adapter was configured.
 */
import { AuthError } from '../errors'
import { isObject, own } from '../json'
import type { ActorKit } from '../machine/AuthDeps'
import { optionalText, text, unexpected } from '../machine/checks'
import type { Passkey } from '../ProfileView'
import { webAuthnOf } from '../webauthn/passkeyCredential'
import type { Caller } from './profileCalls'

/** A page of the user's passkeys, and the token of the next page (null on the last). */
export interface PasskeyPage {
  passkeys: Passkey[]
  nextToken: string | null
  /** The page size asked for (MaxResults), kept for the reads after a registration or a deletion; null: Cognito's. */
  pageSize: number | null
}

/** Cognito gives at most 20 a page: a longer list is not Cognito's. */
const MAX_PAGE = 20
/** Credential ids and list tokens are base64url or opaque text, never this long. */
const MAX_ID = 1024

const refuse = (message: string) => new AuthError('INVALID_INPUT', message)

/** A passkey call's input: the caller, and the page size to read the list with (given, or the last list's). */
type PageInput = Caller & { pageSize?: unknown }

async function token(kit: ActorKit, caller: Caller) {
  return { AccessToken: (await kit.signedIn(caller.userId)).tokens.accessToken }
}

/** A date Cognito gives as epoch seconds (JSON), or as a `Date` (the AWS SDK): epoch milliseconds, or null. */
function epochMs(value: unknown): number | null {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value * 1000 : NaN
  return Number.isFinite(ms) ? Math.round(ms) : null
}

/** One entry of ListWebAuthnCredentials, each field's type checked. */
function passkey(entry: unknown): Passkey {
  const attachment = own(entry, 'AuthenticatorAttachment')
  const transports = own(entry, 'AuthenticatorTransports') ?? []
  if (!Array.isArray(transports) || transports.length > 10) throw unexpected('AuthenticatorTransports')
  return {
    id: text(own(entry, 'CredentialId'), 'CredentialId', MAX_ID),
    name: optionalText(own(entry, 'FriendlyCredentialName'), 'FriendlyCredentialName', 256) ?? '',
    attachment: attachment === 'platform' || attachment === 'cross-platform' ? attachment : null,
    transports: (transports as unknown[]).map((t) => text(t, 'AuthenticatorTransports', 32)),
    createdAt: epochMs(own(entry, 'CreatedAt')),
  }
}

/** A page size from the caller: 1 to 20 (Cognito's range), or undefined for Cognito's own. */
function pageSizeOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_PAGE)
    throw refuse('pageSize must be a whole number from 1 to 20.')
  return value as number
}

/** ListWebAuthnCredentials with the access token in hand: one page (the first, or the one `nextToken` names). */
async function readPasskeys(
  kit: ActorKit,
  AccessToken: { AccessToken: string },
  pageSize?: number,
  nextToken?: string,
): Promise<PasskeyPage> {
  const out = await kit.call('ListWebAuthnCredentials', {
    ...AccessToken,
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    ...(pageSize === undefined ? {} : { MaxResults: pageSize }),
  })
  const list = own(out, 'Credentials') ?? []
  if (!Array.isArray(list) || list.length > MAX_PAGE) throw unexpected('Credentials')
  return {
    passkeys: (list as unknown[]).map(passkey),
    nextToken: optionalText(own(out, 'NextToken'), 'NextToken', MAX_ID) ?? null,
    pageSize: pageSize ?? null,
  }
}

/**
 * ListWebAuthnCredentials: a page of the user's passkeys.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListWebAuthnCredentials.html
 */
export async function listPasskeys(kit: ActorKit, input: PageInput & { nextToken?: unknown }): Promise<PasskeyPage> {
  const { nextToken } = input
  if (nextToken !== undefined && (typeof nextToken !== 'string' || !nextToken || nextToken.length > MAX_ID))
    throw refuse('nextToken must be the one the last page gave.')
  const pageSize = pageSizeOf(input.pageSize)
  return readPasskeys(kit, await token(kit, input), pageSize, nextToken)
}

/**
 * StartWebAuthnRegistration, the ceremony with its options (aborted with the call: the page's cancel), then
 * CompleteWebAuthnRegistration with the credential, then the first page of passkeys again.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartWebAuthnRegistration.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CompleteWebAuthnRegistration.html
 */
export async function registerPasskey(kit: ActorKit, caller: PageInput): Promise<PasskeyPage> {
  const AccessToken = await token(kit, caller)
  const [adapter, started] = await Promise.all([webAuthnOf(kit), kit.call('StartWebAuthnRegistration', AccessToken)])
  const options = own(started, 'CredentialCreationOptions')
  if (!isObject(options) || JSON.stringify(options).length > 65_536) throw unexpected('CredentialCreationOptions')
  const credential = await adapter.create(options, kit.signal)
  kit.signal?.throwIfAborted()
  await kit.call('CompleteWebAuthnRegistration', { ...AccessToken, Credential: credential })
  return readPasskeys(kit, AccessToken, pageSizeOf(caller.pageSize))
}

/**
 * DeleteWebAuthnCredential, then the first page of passkeys again.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteWebAuthnCredential.html
 */
export async function deletePasskey(kit: ActorKit, input: PageInput & { credentialId?: unknown }): Promise<PasskeyPage> {
  const CredentialId = input.credentialId
  if (typeof CredentialId !== 'string' || !CredentialId || CredentialId.length > MAX_ID)
    throw refuse('Say which passkey to delete (its id).')
  const AccessToken = await token(kit, input)
  await kit.call('DeleteWebAuthnCredential', { ...AccessToken, CredentialId })
  return readPasskeys(kit, AccessToken, pageSizeOf(input.pageSize))
}
