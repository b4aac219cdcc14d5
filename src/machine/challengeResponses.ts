import { parseJson } from '../json'
import { Concealed, reveal } from '../concealed'
import type { AuthContext, AuthEvent } from './types'

/**
 * The challenges answered with a one-time code; the answer's key is the name with `_CODE`. EMAIL_OTP is MFA or
 * choice-based sign-in's first factor; SMS_OTP only the latter.
 */
export const MFA_CODE_CHALLENGES: readonly string[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_OTP']

/** Every first factor of choice-based sign-in this client can answer. */
export const FIRST_FACTORS: readonly string[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']

/** Whether a first factor is the password (PASSWORD or PASSWORD_SRP), which the choice must carry. */
export const isPassword = (factor: string | undefined) => factor?.startsWith('PASSWORD') === true

const CODE = /^\d{4,10}$/

/** The refusal of a choice that is not among `options`. */
const choose = (options: readonly string[]) => `Choose one of ${options.join(', ') || '(none offered)'}.`

/** Parses a JSON array of strings from a challenge parameter; `[]` for anything else. */
export function parseList(text: string | undefined): string[] {
  const value = parseJson(text)
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** The attribute names NEW_PASSWORD_REQUIRED requires, without the `userAttributes.` prefix. */
export function requiredAttributes(parameters: Record<string, string>): string[] {
  return parseList(parameters.requiredAttributes).map((name) => name.replace(/^userAttributes\./, ''))
}

/**
 * Why a user's input (a sign-in or an answer) cannot be sent, or null when it can: checked before any call.
 *
 * @param context - the machine's context (the challenge being answered)
 * @param event - the user's answer
 */
export function invalidAnswer(context: AuthContext, event: AuthEvent): string | null {
  const parameters = context.challenge?.parameters ?? {}
  switch (event.type) {
    case 'SIGN_IN': {
      const preferred = event.preferred
      if (preferred !== undefined && !FIRST_FACTORS.includes(preferred)) return choose(FIRST_FACTORS)
      // choice-based sign-in takes the name alone, unless the password is the factor asked for
      const passwordless = context.authFlow === 'CUSTOM_AUTH' || (context.authFlow === 'USER_AUTH' && !isPassword(preferred))
      return typeof event.username === 'string' && event.username.trim() !== '' && (passwordless || reveal(event.password))
        ? null
        : 'Enter a username and a password.'
    }
    case 'SELECT_CHALLENGE': {
      const options = context.challenge?.available ?? []
      if (!options.includes(event.challenge)) return choose(options)
      return isPassword(event.challenge) && !(event.password instanceof Concealed && reveal(event.password)) ? 'Enter the password.' : null
    }
    case 'SUBMIT_CODE':
    case 'CONFIRM_TOTP':
      return typeof event.code === 'string' && CODE.test(event.code.trim()) ? null : 'Enter the code: 4 to 10 digits.'
    case 'SELECT_MFA': {
      const options = parseList(parameters.MFAS_CAN_CHOOSE)
      return options.includes(event.mfaType) ? null : choose(options)
    }
    case 'SUBMIT_NEW_PASSWORD': {
      const password = event.password instanceof Concealed ? reveal(event.password) : undefined
      if (!password) return 'Enter a new password.'
      const given = normaliseAttributes(event.attributes)
      const missing = requiredAttributes(parameters).filter((name) => !Object.hasOwn(given, name))
      return missing.length > 0 ? `Fill in ${missing.join(', ')}.` : null
    }
    case 'ANSWER':
      return typeof event.answer === 'string' && event.answer !== '' ? null : 'Enter an answer.'
    default:
      return 'That input is not taken here.'
  }
}

function normaliseAttributes(attributes: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (typeof value === 'string' && value !== '') out[name.replace(/^userAttributes\./, '')] = value
  }
  return out
}

/**
 * The RespondToAuthChallenge answer for a user's input: the challenge name and its own keys
 * (`USERNAME`, `DEVICE_KEY` and `SECRET_HASH` are added by the exchange). A new password stays
 * concealed until the request is built.
 */
export function challengeResponses(
  context: AuthContext,
  event: AuthEvent,
): {
  challengeName: string
  responses: Record<string, string>
  newPassword?: Concealed | undefined
  password?: Concealed | undefined
  passkey?: string
} {
  const challengeName = context.challenge?.name ?? ''
  switch (event.type) {
    case 'SUBMIT_CODE':
      return {
        challengeName,
        responses: { [MFA_CODE_CHALLENGES.includes(challengeName) ? `${challengeName}_CODE` : 'ANSWER']: event.code.trim() },
      }
    case 'SELECT_MFA':
      return { challengeName, responses: { ANSWER: event.mfaType } }
    case 'SUBMIT_NEW_PASSWORD': {
      const responses: Record<string, string> = {}
      for (const [name, value] of Object.entries(normaliseAttributes(event.attributes))) responses[`userAttributes.${name}`] = value
      return { challengeName, responses, newPassword: event.password }
    }
    case 'ANSWER':
      return { challengeName, responses: { ANSWER: event.answer } }
    case 'SELECT_CHALLENGE':
      return { challengeName, responses: { ANSWER: event.challenge }, ...(isPassword(event.challenge) ? { password: event.password } : {}) }
    case 'USE_PASSKEY':
      return { challengeName, responses: {}, passkey: context.challenge?.parameters.CREDENTIAL_REQUEST_OPTIONS ?? '' }
    default:
      return { challengeName, responses: {} }
  }
}
