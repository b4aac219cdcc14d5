import type { AuthNotice, CodeDelivery, FirstFactor, MfaSettings, MfaType, Passkey, ProfileNotice } from 'cognito-auth-machine'

/** The forms the app shows while signed out, before any attempt: the sign-in form, or one of the account flows' first forms. */
export type SignedOutForm = 'signIn' | 'signUp' | 'confirmSignUp' | 'forgotPassword'

/** A notice for people (the view's `notice` is a code, for programs). */
export function noticeMessage(notice: AuthNotice): string {
  switch (notice) {
    case 'signedOut':
      return 'You are signed out.'
    case 'staleDevice':
      return 'Cognito no longer knew this device: you signed in as a new device.'
    case 'deviceRecordDropped':
      return 'This device’s record could not be used and was dropped: it signs in as a new device.'
    case 'trustExpired':
      return 'This device is no longer remembered: its trust period ended.'
    case 'deviceForgotten':
      return 'The device was forgotten.'
    case 'accountConfirmed':
      return 'Your account is confirmed. Sign in with your password.'
    case 'passwordReset':
      return 'Your password has been changed. Sign in with the new one.'
    case 'passwordChanged':
      return 'Your password was changed, and every other session of yours signed out.'
    case 'accountDeleted':
      return 'Your account was deleted.'
  }
}

/** Where a code went, for the code step of a sign-up or a password reset. */
export function deliveryMessage(delivery: CodeDelivery | null): string {
  if (!delivery?.destination) return 'Enter the code from the message we sent you.'
  const by = delivery.medium === 'SMS' ? 'text message' : delivery.medium === 'EMAIL' ? 'e-mail' : 'message'
  return `We sent a code by ${by} to ${delivery.destination}. Enter it here.`
}

/** What the account page's last call did, for people (the page's `notice` is a code, for programs). */
export function profileNoticeMessage(notice: ProfileNotice): string {
  switch (notice) {
    case 'attributesUpdated':
      return 'Saved.'
    case 'codeSent':
      return 'We sent you a code.'
    case 'attributeVerified':
      return 'Your e-mail address is verified.'
    case 'passwordChanged':
      return 'Your password was changed.'
    case 'totpEnabled':
      return 'Your authenticator app is on: sign-ins on a new device ask for its code.'
    case 'mfaUpdated':
      return 'Your two-step verification settings were saved.'
    case 'passkeyRegistered':
      return 'Your passkey was added: you can sign in with it.'
    case 'passkeyDeleted':
      return 'The passkey was removed.'
  }
}

const MFA_NAMES: Record<MfaType, string> = { SOFTWARE_TOKEN_MFA: 'authenticator app', SMS_MFA: 'text message', EMAIL_OTP: 'e-mail code' }

/** The user's MFA methods in words, the preferred one marked. */
export function mfaMessage(mfa: MfaSettings | null): string {
  if (!mfa?.enabled.length) return 'No method is on.'
  return `On: ${mfa.enabled.map((type) => MFA_NAMES[type] + (type === mfa.preferred ? ' (preferred)' : '')).join(', ')}.`
}

/** One button of the selectChallenge step: the factor it chooses, its words, and whether it takes the password typed in the step's form. */
export interface FactorChoice {
  challenge: FirstFactor
  label: string
  password: boolean
}

const FACTOR_LABELS: Record<FirstFactor, string> = {
  PASSWORD_SRP: 'Sign in with the password',
  PASSWORD: 'Sign in with the password',
  EMAIL_OTP: 'E-mail me a code',
  SMS_OTP: 'Text me a code',
  WEB_AUTHN: 'Use a passkey',
}

/**
 * The buttons of the selectChallenge step, in Cognito's order: one per factor offered, except that the password
 * is one button (PASSWORD_SRP, which never sends the password, when offered; PASSWORD, sent as typed, otherwise).
 */
export function factorChoices(options: readonly FirstFactor[]): FactorChoice[] {
  const password = options.includes('PASSWORD_SRP') ? 'PASSWORD_SRP' : 'PASSWORD'
  return options
    .filter((challenge) => !challenge.startsWith('PASSWORD') || challenge === password)
    .map((challenge) => ({ challenge, label: FACTOR_LABELS[challenge], password: challenge === password }))
}

/** The passkey step's prompt. */
export const passkeyPrompt = (username: string): string =>
  `Sign in as ${username} with your passkey: your browser or phone asks you to confirm it is you.`

/**
 * Said by the authenticator app's settings in the passwordless variant: Cognito offers no passwordless first factor
 * (passkey, code by e-mail) to a user with MFA turned on.
 */
export const TOTP_STOPS_PASSWORDLESS =
  'With the authenticator app on, you can no longer sign in with a passkey or an e-mailed code: only with your password and the app’s code.'

/** A passkey as a line of the account page: its name, where it lives and when it was added. */
export function passkeyLabel(passkey: Passkey): string {
  const where =
    passkey.attachment === 'platform' ? 'built into a device' : passkey.attachment === 'cross-platform' ? 'a security key or phone' : null
  const added = passkey.createdAt === null ? '' : `, added ${new Date(passkey.createdAt).toLocaleString()}`
  return `${passkey.name || 'Passkey'}${where ? ` (${where})` : ''}${added}`
}
