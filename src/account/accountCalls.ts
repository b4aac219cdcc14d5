import type { CodeDelivery } from '../AuthView'
import { reveal, type Concealed } from '../concealed'
import type { CodeDeliveryDetailsType } from '../cognito/operations'
import { AuthError } from '../errors'
import { own } from '../json'
import type { ActorKit } from '../machine/AuthDeps'
import { hashFor } from '../machine/authExchange'
import { LIMITS, optionalText } from '../machine/checks'

export type { CodeDelivery }

/** What a sign-up sends: the user's name, password and attributes; `validationData` and `clientMetadata` go to the pool's Lambda triggers. */
export interface SignUpRequest {
  /** The user name (or, in a pool that signs in by e-mail or phone, that value). */
  username: string
  /** The password, concealed. */
  password: Concealed | undefined
  /** User attributes (`email`, `phone_number`, `custom:...`). */
  attributes?: Record<string, string> | undefined
  /** For the pre sign-up Lambda only; not stored. */
  validationData?: Record<string, string> | undefined
  /** For the Lambda triggers only. */
  clientMetadata?: Record<string, string> | undefined
}

const refuse = (message: string) => new AuthError('INVALID_INPUT', message)

/** A user name as typed: trimmed, 1 to 128 characters. */
function checkedUsername(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : ''
  if (!name || name.length > LIMITS.user) throw refuse('Enter a user name.')
  return name
}

/** A code as typed: digits and letters, no spaces inside. */
export function checkedCode(value: unknown): string {
  const code = typeof value === 'string' ? value.trim() : ''
  if (!/^\S{1,2048}$/.test(code)) throw refuse('Enter the code you received.')
  return code
}

/** The password inside a command; a snapshot restored from storage holds none, and the user types it again. */
export function revealed(password: unknown): string {
  const value = reveal(password)
  if (!value) throw refuse('Enter a password.')
  return value
}

/** A map of strings as Cognito's `[{ Name, Value }]`, refusing anything else. */
export function attributeList(map: unknown, what: string): { Name: string; Value: string }[] | undefined {
  if (map === undefined) return undefined
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw refuse(`${what} must be an object of strings.`)
  return Object.entries(map).map(([Name, Value]) => {
    if (typeof Value !== 'string') throw refuse(`${what}: ${Name} must be a string.`)
    return { Name, Value }
  })
}

/** Cognito's CodeDeliveryDetails, checked field by field; absent is null. */
export function codeDelivery(details: CodeDeliveryDetailsType | undefined): CodeDelivery | null {
  if (details === undefined || details === null) return null
  const medium = own(details, 'DeliveryMedium')
  return {
    destination: optionalText(own(details, 'Destination'), 'Destination', 320) ?? null,
    medium: medium === 'EMAIL' || medium === 'SMS' ? medium : null,
    attribute: optionalText(own(details, 'AttributeName'), 'AttributeName', 128) ?? null,
  }
}

/** The fields every unauthenticated account call carries: client id, user name, SecretHash for a confidential client. */
async function publicCall(kit: ActorKit, username: string) {
  const hash = await hashFor(kit, username)
  return { ClientId: kit.clientId, Username: username, ...(hash.SECRET_HASH ? { SecretHash: hash.SECRET_HASH } : {}) }
}

/** SignUp: the user is created unconfirmed (or confirmed by a Lambda), and a code goes out. */
export async function signUp(kit: ActorKit, request: SignUpRequest) {
  const username = checkedUsername(request.username)
  const UserAttributes = attributeList(request.attributes, 'attributes')
  const ValidationData = attributeList(request.validationData, 'validationData')
  const metadata = attributeList(request.clientMetadata, 'clientMetadata')
  const out = await kit.call('SignUp', {
    ...(await publicCall(kit, username)),
    Password: revealed(request.password),
    ...(UserAttributes ? { UserAttributes } : {}),
    ...(ValidationData ? { ValidationData } : {}),
    ...(metadata ? { ClientMetadata: Object.fromEntries(metadata.map((a) => [a.Name, a.Value])) } : {}),
  })
  return {
    username,
    confirmed: own(out, 'UserConfirmed') === true,
    delivery: codeDelivery(out.CodeDeliveryDetails),
    session: optionalText(own(out, 'Session'), 'Session', LIMITS.session) ?? null,
  }
}

/** ConfirmSignUp with the code (and SignUp's session, when this client signed the user up): Cognito's session for the auto sign-in. */
export async function confirmSignUp(kit: ActorKit, input: { username: string; code: unknown; session: string | null }) {
  const out = await kit.call('ConfirmSignUp', {
    ...(await publicCall(kit, checkedUsername(input.username))),
    ConfirmationCode: checkedCode(input.code),
    ...(input.session ? { Session: input.session } : {}),
  })
  return { session: optionalText(own(out, 'Session'), 'Session', LIMITS.session) ?? null }
}

/** ResendConfirmationCode: a new sign-up code. */
export async function resendSignUpCode(kit: ActorKit, input: { username: string }) {
  const out = await kit.call('ResendConfirmationCode', await publicCall(kit, checkedUsername(input.username)))
  return { delivery: codeDelivery(out.CodeDeliveryDetails) }
}

/** ForgotPassword: a reset code to the user's verified e-mail or phone. */
export async function forgotPassword(kit: ActorKit, input: { username: unknown }) {
  const username = checkedUsername(input.username)
  const out = await kit.call('ForgotPassword', await publicCall(kit, username))
  return { username, delivery: codeDelivery(out.CodeDeliveryDetails) }
}

/** ConfirmForgotPassword: the code and the new password. */
export async function confirmForgotPassword(kit: ActorKit, input: { username: string; code: unknown; password: unknown }) {
  await kit.call('ConfirmForgotPassword', {
    ...(await publicCall(kit, input.username)),
    ConfirmationCode: checkedCode(input.code),
    Password: revealed(input.password),
  })
}
