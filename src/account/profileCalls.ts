/**
 * The signed-in user's own account calls (the account page): read the attributes and MFA settings,
 * change and verify attributes, change the password, enrol TOTP, set MFA preferences, delete the user.
 * Each takes the access token of the session in storage, never another user's (`kit.signedIn`). Loaded
 * with the profile chart, on first use.
 */
import type { CodeDelivery } from '../AuthView'
import { AuthError, toAuthError } from '../errors'
import { own } from '../json'
import type { ActorKit } from '../machine/AuthDeps'
import { optionalText, text, unexpected } from '../machine/checks'
import { MFA_CODE_CHALLENGES } from '../machine/challengeResponses'
import type { MfaType } from '../machine/types'
import type { MfaSettings } from '../ProfileView'
import { verifySoftwareToken } from '../machine/totpExchange'
import { attributeList, checkedCode, codeDelivery, revealed } from './accountCalls'

/** What GetUser says of the user: the attributes and the MFA settings. */
export interface Profile {
  /** Every attribute the app client may read, by name (`email`, `email_verified`, `custom:...`). */
  attributes: Record<string, string>
  /** The MFA settings. */
  mfa: MfaSettings
}

/** The input of every call: the signed-in user the call is for. */
export interface Caller {
  userId: string
}

const refuse = (message: string) => new AuthError('INVALID_INPUT', message)

async function token(kit: ActorKit, caller: Caller) {
  return { AccessToken: (await kit.signedIn(caller.userId)).tokens.accessToken }
}

const isMfaType = (value: unknown): value is MfaType => typeof value === 'string' && MFA_CODE_CHALLENGES.includes(value)

/** An attribute that takes a verification code. */
function verifiable(value: unknown): string {
  if (value !== 'email' && value !== 'phone_number') throw refuse('Only email and phone_number are verified with a code.')
  return value
}

/**
 * GetUser: the attributes and MFA settings, each field's type checked (a value that is not a string is
 * an unexpected answer, not something to show).
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html
 */
export async function loadProfile(kit: ActorKit, caller: Caller): Promise<Profile> {
  return readProfile(kit, await token(kit, caller))
}

/** {@link loadProfile} with the access token in hand (a call that changed something reads the user again with its own). */
async function readProfile(kit: ActorKit, AccessToken: { AccessToken: string }): Promise<Profile> {
  const out = await kit.call('GetUser', AccessToken)
  const list = own(out, 'UserAttributes') ?? []
  if (!Array.isArray(list) || list.length > 200) throw unexpected('UserAttributes')
  const attributes: Record<string, string> = {}
  for (const entry of list as unknown[]) {
    const name = text(own(entry, 'Name'), 'UserAttributes.Name', 64)
    attributes[name] = optionalText(own(entry, 'Value'), 'UserAttributes.Value', 2048) ?? ''
  }
  const enabled = own(out, 'UserMFASettingList') ?? []
  if (!Array.isArray(enabled)) throw unexpected('UserMFASettingList')
  const preferred = own(out, 'PreferredMfaSetting')
  return {
    attributes,
    mfa: { enabled: (enabled as unknown[]).filter(isMfaType), preferred: isMfaType(preferred) ? preferred : null },
  }
}

/**
 * UpdateUserAttributes, then GetUser. A changed e-mail or phone number that the pool verifies comes
 * back with where its code went; with "keep original value until verified", GetUser still shows the old
 * value until the code is entered. An empty value deletes the attribute.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html
 */
export async function updateAttributes(kit: ActorKit, input: Caller & { attributes?: unknown }) {
  const UserAttributes = attributeList(input.attributes, 'attributes')
  if (!UserAttributes?.length) throw refuse('Give at least one attribute to change.')
  const AccessToken = await token(kit, input)
  const out = await kit.call('UpdateUserAttributes', { ...AccessToken, UserAttributes })
  const list = own(out, 'CodeDeliveryDetailsList') ?? []
  // one entry per changed e-mail or phone number: a long list is not Cognito's
  if (!Array.isArray(list) || list.length > 10) throw unexpected('CodeDeliveryDetailsList')
  const deliveries = (list as Parameters<typeof codeDelivery>[0][]).map(codeDelivery).filter((d): d is CodeDelivery => d !== null)
  return { profile: await readProfile(kit, AccessToken), deliveries }
}

/**
 * GetUserAttributeVerificationCode: a new code for the user's e-mail or phone number.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserAttributeVerificationCode.html
 */
export async function sendAttributeCode(kit: ActorKit, input: Caller & { attribute?: unknown }) {
  const AttributeName = verifiable(input.attribute)
  const out = await kit.call('GetUserAttributeVerificationCode', { ...(await token(kit, input)), AttributeName })
  return codeDelivery(out.CodeDeliveryDetails) ?? { destination: null, medium: null, attribute: AttributeName }
}

/**
 * VerifyUserAttribute with the code, then GetUser (the attribute is now verified, or, where the pool
 * keeps the old value until then, changed).
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifyUserAttribute.html
 */
export async function verifyAttribute(kit: ActorKit, input: Caller & { attribute?: unknown; code?: unknown }) {
  const AttributeName = verifiable(input.attribute)
  const AccessToken = await token(kit, input)
  await kit.call('VerifyUserAttribute', { ...AccessToken, AttributeName, Code: checkedCode(input.code) })
  return { attribute: AttributeName, profile: await readProfile(kit, AccessToken) }
}

/**
 * ChangePassword. The current password may be left out for a user who has none (passwordless sign-in
 * only); Cognito refuses it otherwise. With `signOutOthers`, GlobalSignOut follows: Cognito ends every
 * session of the user with it, this one included. A GlobalSignOut that fails comes back as `othersLeft`
 * (the change itself went through).
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChangePassword.html
 */
export async function changePassword(kit: ActorKit, input: Caller & { current?: unknown; proposed?: unknown; signOutOthers?: unknown }) {
  const AccessToken = await token(kit, input)
  const previous = input.current === undefined ? undefined : revealed(input.current)
  await kit.call('ChangePassword', {
    ...AccessToken,
    ...(previous === undefined ? {} : { PreviousPassword: previous }),
    ProposedPassword: revealed(input.proposed),
  })
  if (input.signOutOthers !== true) return { othersLeft: null }
  try {
    await kit.call('GlobalSignOut', AccessToken)
    return { othersLeft: null }
  } catch (thrown) {
    // the password is changed already: that stands, and the sign-out that failed is said apart
    return { othersLeft: toAuthError(thrown).toJSON() }
  }
}

/**
 * GlobalSignOut: every session of the user ends, this one included (after a password reset, where the
 * user asked for it; the client then signs in again).
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html
 */
export async function signOutEverywhere(kit: ActorKit, caller: Caller): Promise<void> {
  await kit.call('GlobalSignOut', await token(kit, caller))
}

/**
 * TOTP enrolment while signed in, first half: AssociateSoftwareToken with the access token; the secret
 * is shown to the user (it is what they enrol) and kept only in the chart, never in storage.
 */
export async function setUpTotp(kit: ActorKit, caller: Caller): Promise<string> {
  const out = await kit.call('AssociateSoftwareToken', await token(kit, caller))
  return text(own(out, 'SecretCode'), 'SecretCode', 256, /^[A-Z2-7]+=*$/)
}

/**
 * TOTP enrolment, second half: VerifySoftwareToken with the app's first code, then SetUserMFAPreference
 * turns TOTP on as the preferred method (what a user who just enrolled an app expects), then GetUser.
 */
export async function confirmTotp(kit: ActorKit, input: Caller & { code?: unknown }): Promise<Profile> {
  const AccessToken = await token(kit, input)
  const withToken: ActorKit = { ...kit, call: (op, body) => kit.call(op, { ...body, ...AccessToken }) }
  await verifySoftwareToken(withToken, {
    username: '',
    userId: null,
    challengeUsername: null,
    session: null,
    deviceKey: null,
    code: checkedCode(input.code),
  })
  await kit.call('SetUserMFAPreference', { ...AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })
  return readProfile(kit, AccessToken)
}

const SETTINGS = { sms: 'SMSMfaSettings', totp: 'SoftwareTokenMfaSettings', email: 'EmailMfaSettings' } as const

/**
 * SetUserMFAPreference, then GetUser. Each method given is turned on (`enabled`), on and preferred
 * (`preferred`), or off (`disabled`); methods left out stay as they are.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserMFAPreference.html
 */
export async function setMfaPreference(kit: ActorKit, input: Caller & { preference?: unknown }): Promise<Profile> {
  const given = input.preference
  if (typeof given !== 'object' || given === null) throw refuse('Say how to set sms, totp or email.')
  const settings: Record<string, { Enabled: boolean; PreferredMfa: boolean }> = {}
  for (const [key, member] of Object.entries(SETTINGS)) {
    const choice = own(given, key)
    if (choice === undefined) continue
    if (choice !== 'preferred' && choice !== 'enabled' && choice !== 'disabled')
      throw refuse(`${key} must be preferred, enabled or disabled.`)
    settings[member] = { Enabled: choice !== 'disabled', PreferredMfa: choice === 'preferred' }
  }
  if (!Object.keys(settings).length) throw refuse('Say how to set sms, totp or email.')
  const AccessToken = await token(kit, input)
  await kit.call('SetUserMFAPreference', { ...AccessToken, ...settings })
  return readProfile(kit, AccessToken)
}

/**
 * DeleteUser, then this pool's local device record of the user (the key and its secret mean nothing
 * any more). The session is cleared by the sign-in machine, which ends signedOut.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUser.html
 */
export async function deleteUser(kit: ActorKit, caller: Caller): Promise<void> {
  const session = await kit.signedIn(caller.userId)
  await kit.call('DeleteUser', { AccessToken: session.tokens.accessToken })
  // the record whatever its key, and the names that led to it
  await kit.devices.remove(session.userId, undefined, [session.username, session.userId])
}
