import { AUTH_COMMANDS, type AuthCommandName, type AuthView, type AuthViewState } from '../../src/index'
import type { AuthSource } from '../../adapters/core/authSource'

/** The views the adapter tests push: real view states, narrowed by `step`. */
export type FakeView = AuthViewState

export const SIGNED_OUT: FakeView = { step: 'signedOut', error: null, username: null, notice: null }
export const WORKING: FakeView = { step: 'working', doing: 'signingIn', username: 'ana', notice: null }
export const MFA_CODE: FakeView = { step: 'mfaCode', channel: 'TOTP', destination: null, username: 'ana', error: null, notice: null }
export const SIGNED_IN: FakeView = {
  step: 'signedIn',
  username: 'ana',
  userId: 'ana',
  expiresAt: 0,
  device: null,
  devices: null,
  busy: null,
  error: null,
  notice: null,
  profile: null,
}

/**
 * A stand-in client for adapter tests, written as a class so its commands live on the prototype (the
 * adapters must bind them). `push` sets the next view and notifies, as the client does on a
 * transition; every command is recorded, and `signIn` moves to `working`.
 */
export class FakeClient implements AuthSource {
  private state: FakeView = SIGNED_OUT
  private view: AuthView = this.withCommands(SIGNED_OUT)
  readonly listeners = new Set<() => void>()
  readonly calls: unknown[][] = []
  /** Not a command: the adapters must not bind it. */
  readonly extra = () => 'not a command'

  constructor() {
    for (const name of AUTH_COMMANDS) {
      if (name === 'signIn') continue
      ;(this as unknown as Record<AuthCommandName, unknown>)[name] = (...args: unknown[]) => this.record(name, args)
    }
  }

  private withCommands(state: FakeView): AuthView {
    return { ...state, ...Object.fromEntries(AUTH_COMMANDS.map((name) => [name, () => Promise.resolve(this.view)])) } as AuthView
  }
  private record(name: string, args: unknown[]): Promise<AuthView> {
    this.calls.push([name, ...args])
    return Promise.resolve(this.view)
  }

  get current(): FakeView {
    return this.state
  }
  getView(): AuthView {
    return this.view
  }
  subscribe(listener: (view: AuthView) => void): () => void {
    const wrapped = () => listener(this.view)
    this.listeners.add(wrapped)
    return () => this.listeners.delete(wrapped)
  }
  push(state: FakeView): void {
    this.state = state
    this.view = this.withCommands(state)
    for (const listener of [...this.listeners]) listener()
  }
  signIn(input: { username: string; password?: string }): Promise<AuthView> {
    this.calls.push(['signIn', input])
    this.push(WORKING)
    return Promise.resolve(this.view)
  }
  declare selectChallenge: AuthSource['selectChallenge']
  declare usePasskey: AuthSource['usePasskey']
  declare submitCode: AuthSource['submitCode']
  declare selectMfa: AuthSource['selectMfa']
  declare confirmTotpSetup: AuthSource['confirmTotpSetup']
  declare submitNewPassword: AuthSource['submitNewPassword']
  declare answerCustomChallenge: AuthSource['answerCustomChallenge']
  declare rememberDevice: AuthSource['rememberDevice']
  declare signOut: AuthSource['signOut']
  declare forgetDevice: AuthSource['forgetDevice']
  declare listDevices: AuthSource['listDevices']
  declare refresh: AuthSource['refresh']
  declare signUp: AuthSource['signUp']
  declare confirmSignUp: AuthSource['confirmSignUp']
  declare resendCode: AuthSource['resendCode']
  declare forgotPassword: AuthSource['forgotPassword']
  declare resetPassword: AuthSource['resetPassword']
  declare retry: AuthSource['retry']
  declare cancel: AuthSource['cancel']
  declare loadProfile: AuthSource['loadProfile']
  declare updateAttributes: AuthSource['updateAttributes']
  declare sendAttributeCode: AuthSource['sendAttributeCode']
  declare verifyAttribute: AuthSource['verifyAttribute']
  declare changePassword: AuthSource['changePassword']
  declare setUpTotp: AuthSource['setUpTotp']
  declare setMfaPreference: AuthSource['setMfaPreference']
  declare deleteUser: AuthSource['deleteUser']
  declare registerPasskey: AuthSource['registerPasskey']
  declare listPasskeys: AuthSource['listPasskeys']
  declare deletePasskey: AuthSource['deletePasskey']
}
