import type { AuthNotice, CodeDelivery, MfaSettings, MfaType, ProfileNotice } from 'cognito-auth-machine'

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
