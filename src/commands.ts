import type { AuthCommands } from './AuthView'
import { conceal } from './concealed'
import type { AuthEvent } from './machine/types'

/**
 * Every command of the client and its views, by name: what the UI adapters bind (an explicit list,
 * never "whatever is a function").
 */
export const AUTH_COMMANDS = [
  'signIn',
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
] as const satisfies readonly (keyof AuthCommands)[]

/** The name of a command. */
export type AuthCommandName = (typeof AUTH_COMMANDS)[number]

/** A secret from the caller, concealed; anything that is not a string stays as it is, for the machine to refuse. */
const secret = (value: unknown) => (typeof value === 'string' ? conceal(value) : undefined)

/** The event each command sends. Input is read defensively: the machine refuses what is not well formed. */
export const COMMAND_EVENTS: { [K in AuthCommandName]: (...args: Parameters<AuthCommands[K]>) => AuthEvent } = {
  signIn: (input) => ({ type: 'SIGN_IN', username: input?.username, password: secret(input?.password) }),
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
}
