import type { AuthCommands } from './AuthView'
import { conceal } from './concealed'
import type { AuthEvent } from './machine/types'
import type { Concealed } from './concealed'
import type { ProfileEvent } from './account/profileChart'

/** The events of the account flows (sign-up, password reset), which run in charts of their own. */
export type AccountEvent =
  | {
      type: 'SIGN_UP'
      request: {
        username: string
        password: Concealed | undefined
        attributes?: Record<string, string> | undefined
        validationData?: Record<string, string> | undefined
        clientMetadata?: Record<string, string> | undefined
      }
    }
  | { type: 'CONFIRM_SIGN_UP'; username: string }
  | { type: 'FORGOT_PASSWORD'; username: string }
  | { type: 'RESEND_CODE' }
  | { type: 'RESET_PASSWORD'; code: string; password: Concealed | undefined; signIn: boolean; signOutOthers: boolean }
  | ProfileEvent

/** The events that start an account flow from signedOut. */
export const ACCOUNT_ENTRIES: ReadonlySet<string> = new Set(['SIGN_UP', 'CONFIRM_SIGN_UP', 'FORGOT_PASSWORD'])

/** The commands of the account page (signedIn), which runs in a chart of its own. */
const PROFILE = [
  'loadProfile',
  'updateAttributes',
  'sendAttributeCode',
  'verifyAttribute',
  'changePassword',
  'setUpTotp',
  'setMfaPreference',
  'deleteUser',
  'registerPasskey',
  'listPasskeys',
  'deletePasskey',
] as const

/** The account page's commands, to look up by name. */
export const PROFILE_COMMANDS: ReadonlySet<string> = new Set(PROFILE)

/**
 * Every command of the client and its views, by name: what the UI adapters bind (an explicit list,
 * never "whatever is a function").
 */
export const AUTH_COMMANDS = [
  'signIn',
  'selectChallenge',
  'usePasskey',
  'submitCode',
  'selectMfa',
  'confirmTotpSetup',
  'submitNewPassword',
  'answerCustomChallenge',
  'rememberDevice',
  'signOut',
  'forgetDevice',
  'listDevices',
  'refresh',
  'retry',
  'cancel',
  'signUp',
  'confirmSignUp',
  'resendCode',
  'forgotPassword',
  'resetPassword',
  ...PROFILE,
] as const satisfies readonly (keyof AuthCommands)[]

/** The name of a command. */
export type AuthCommandName = (typeof AUTH_COMMANDS)[number]

/** A secret from the caller, concealed; anything that is not a string stays as it is, for the machine to refuse. */
const secret = (value: unknown) => (typeof value === 'string' ? conceal(value) : undefined)

/** The event each command sends. Input is read defensively: the machine refuses what is not well formed. */
export const COMMAND_EVENTS: { [K in AuthCommandName]: (...args: Parameters<AuthCommands[K]>) => AuthEvent | AccountEvent } = {
  signIn: (input) => ({
    type: 'SIGN_IN',
    username: input?.username,
    password: secret(input?.password),
    preferred: input?.preferredChallenge,
  }),
  selectChallenge: (input) => ({ type: 'SELECT_CHALLENGE', challenge: input?.challenge, password: secret(input?.password) }),
  usePasskey: () => ({ type: 'USE_PASSKEY' }),
  submitCode: (code) => ({ type: 'SUBMIT_CODE', code }),
  selectMfa: (mfaType) => ({ type: 'SELECT_MFA', mfaType }),
  confirmTotpSetup: (code) => ({ type: 'CONFIRM_TOTP', code }),
  submitNewPassword: (input) => ({ type: 'SUBMIT_NEW_PASSWORD', password: secret(input?.password), attributes: input?.attributes }),
  answerCustomChallenge: (answer) => ({ type: 'ANSWER', answer }),
  rememberDevice: (remember) => ({ type: 'REMEMBER_DEVICE', remember }),
  signOut: (options) => ({ type: 'SIGN_OUT', global: options?.global === true }),
  forgetDevice: (deviceKey) => ({ type: 'FORGET_DEVICE', deviceKey }),
  listDevices: () => ({ type: 'LIST_DEVICES' }),
  refresh: () => ({ type: 'REFRESH' }),
  retry: () => ({ type: 'RETRY' }),
  cancel: () => ({ type: 'CANCEL' }),
  signUp: (input) => ({
    type: 'SIGN_UP',
    request: {
      username: input?.username,
      password: secret(input?.password),
      attributes: input?.attributes,
      validationData: input?.validationData,
      clientMetadata: input?.clientMetadata,
    },
  }),
  confirmSignUp: (input) => ({ type: 'CONFIRM_SIGN_UP', username: input?.username }),
  resendCode: () => ({ type: 'RESEND_CODE' }),
  forgotPassword: (input) => ({ type: 'FORGOT_PASSWORD', username: input?.username }),
  resetPassword: (input) => ({
    type: 'RESET_PASSWORD',
    code: input?.code,
    password: secret(input?.password),
    signIn: input?.signIn === true,
    signOutOthers: input?.signOutOthers === true,
  }),
  loadProfile: () => ({ type: 'LOAD_PROFILE' }),
  updateAttributes: (attributes) => ({ type: 'UPDATE_ATTRIBUTES', attributes }),
  sendAttributeCode: (attribute) => ({ type: 'SEND_ATTRIBUTE_CODE', attribute }),
  verifyAttribute: (input) => ({ type: 'VERIFY_ATTRIBUTE', attribute: input?.attribute, code: input?.code }),
  changePassword: (input) => ({
    type: 'CHANGE_PASSWORD',
    current: input?.currentPassword === undefined ? undefined : secret(input.currentPassword),
    proposed: secret(input?.newPassword),
    signOutOthers: input?.signOutOthers === true,
  }),
  setUpTotp: () => ({ type: 'SET_UP_TOTP' }),
  setMfaPreference: (preference) => ({ type: 'SET_MFA_PREFERENCE', preference }),
  deleteUser: () => ({ type: 'DELETE_USER' }),
  registerPasskey: () => ({ type: 'REGISTER_PASSKEY' }),
  listPasskeys: (input) => ({ type: 'LIST_PASSKEYS', nextToken: input?.nextToken, pageSize: input?.pageSize }),
  deletePasskey: (credentialId) => ({ type: 'DELETE_PASSKEY', credentialId }),
}
