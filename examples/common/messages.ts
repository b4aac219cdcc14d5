import type { AuthNotice, CodeDelivery } from 'cognito-auth-machine'

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
      return 'This device was forgotten.'
    case 'accountConfirmed':
      return 'Your account is confirmed. Sign in with your password.'
    case 'passwordReset':
      return 'Your password has been changed. Sign in with the new one.'
    case 'passwordChanged':
      return 'Your password was changed and every session signed out. Sign in with the new password.'
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
