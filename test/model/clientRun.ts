// What the model drivers share: a fresh client over a storage that counts its writes and a scripted
// Cognito that records each call (with the client's state when it was made) and raises the run's fault;
// the refusal probes (every command a step does not take is refused and changes nothing); and the check
// that no secret shows in a snapshot, a view or an error.
import {
  AuthError,
  AUTH_COMMANDS,
  createAuthClient,
  memoryStorage,
  type AuthClient,
  type AuthClientConfig,
  type AuthCommandName,
  type AuthStorage,
  type AuthView,
} from '../../src/index'
import type { CoverageRecorder } from './coverage'
import { callInfo, faultError, type CallInfo, type FaultKind } from './faults'
import { NEW_PASSWORD, WRONG_PASSWORD } from './fixtures'
import { CLIENT, POOL, RIGHT_CODE, ScriptedCognito, USER, type Reply } from './scriptedCognito'
import { brief, settle } from './views'

/** The app client secret of the model clients that have one. */
export const CLIENT_SECRET = 'model-client-secret-0123456789'
/** The time limit of a run whose fault is a silent server (the others keep the default). */
const SILENT_TIMEOUT_MS = 500

/** Plausible arguments for each command, for the refusal probes. */
const PROBES: { [K in AuthCommandName]: (client: AuthClient) => Promise<AuthView> } = {
  signIn: (c) => c.signIn({ username: 'mallory', password: 'Mallory-Pa55!' }),
  selectChallenge: (c) => c.selectChallenge({ challenge: 'PASSWORD_SRP', password: 'Mallory-Pa55!' }),
  usePasskey: (c) => c.usePasskey(),
  submitCode: (c) => c.submitCode(RIGHT_CODE),
  selectMfa: (c) => c.selectMfa('SMS_MFA'),
  confirmTotpSetup: (c) => c.confirmTotpSetup(RIGHT_CODE),
  submitNewPassword: (c) => c.submitNewPassword({ password: NEW_PASSWORD, attributes: { name: 'Ana' } }),
  answerCustomChallenge: (c) => c.answerCustomChallenge('42'),
  rememberDevice: (c) => c.rememberDevice(true),
  signOut: (c) => c.signOut(),
  forgetDevice: (c) => c.forgetDevice(),
  listDevices: (c) => c.listDevices(),
  refresh: (c) => c.refresh(),
  retry: (c) => c.retry(),
  cancel: (c) => c.cancel(),
  signUp: (c) => c.signUp({ username: 'mallory', password: 'Mallory-Pa55!' }),
  confirmSignUp: (c) => c.confirmSignUp({ username: 'mallory' }),
  resendCode: (c) => c.resendCode(),
  forgotPassword: (c) => c.forgotPassword({ username: 'mallory' }),
  resetPassword: (c) => c.resetPassword({ code: RIGHT_CODE, password: NEW_PASSWORD }),
  loadProfile: (c) => c.loadProfile(),
  updateAttributes: (c) => c.updateAttributes({ name: 'Mallory' }),
  sendAttributeCode: (c) => c.sendAttributeCode('email'),
  verifyAttribute: (c) => c.verifyAttribute({ attribute: 'email', code: RIGHT_CODE }),
  changePassword: (c) => c.changePassword({ currentPassword: USER.password, newPassword: NEW_PASSWORD }),
  setUpTotp: (c) => c.setUpTotp(),
  setMfaPreference: (c) => c.setMfaPreference({ totp: 'disabled' }),
  deleteUser: (c) => c.deleteUser(),
  registerPasskey: (c) => c.registerPasskey(),
  listPasskeys: (c) => c.listPasskeys(),
  deletePasskey: (c) => c.deletePasskey('bWFsbG9yeQ'),
}

/** The result of one run. */
export interface RunResult {
  calls: CallInfo[]
  /** Set when a fault fired: what the client showed right after it. */
  faultOutcome?: { step: string; code: string | null }
}

export abstract class ClientRun {
  protected readonly clock = { t: Date.UTC(2026, 0, 5, 9, 0, 0) }
  readonly cognito = new ScriptedCognito(() => this.clock.t)
  /** The storage, counting every write so a refused command can be shown to have written nothing. */
  readonly storage: AuthStorage
  protected writes = 0
  /** What the storage holds, uncounted (a run can tell how many items are left). */
  private readonly stored = memoryStorage()
  protected client!: AuthClient
  /** The client has the app client secret. */
  protected secret = false
  protected readonly secrets = new Set<string>([USER.password, NEW_PASSWORD, WRONG_PASSWORD, CLIENT_SECRET])
  protected readonly calls: CallInfo[] = []
  /** Per model step: the calls made and the view step shown (the local-server sample compares against it). */
  readonly log: { calls: string[]; step: string }[] = []
  /** The last act of a step, so a transient fault can be answered by acting again. */
  protected lastAct: (() => Promise<AuthView>) | null = null

  constructor(
    protected readonly coverage: CoverageRecorder,
    protected readonly fault: { index: number; kind: FaultKind } | null = null,
  ) {
    const inner = this.stored
    const counted =
      <A extends unknown[]>(write: (...args: A) => unknown) =>
      (...args: A) => (this.writes++, write(...args) as void)
    this.storage = {
      getItem: (key) => inner.getItem(key),
      setItem: counted((key: string, value: string) => inner.setItem(key, value)),
      removeItem: counted((key: string) => inner.removeItem(key)),
      withLock: (name, task) => inner.withLock!(name, task),
    }
    const cognito = this.cognito
    const send = cognito.send.bind(cognito)
    cognito.send = async (operation: string, input: unknown, ...rest: unknown[]) => {
      this.calls.push(callInfo(input as Record<string, unknown>, `${operation}`, this.client ? this.callState() : 'none'))
      return send(operation, input, ...(rest as [never, never]))
    }
    cognito.onCall = (label) => {
      this.calls[this.calls.length - 1]!.label = label
      this.assertNoSecrets(`during ${label}`)
    }
    if (fault) {
      cognito.fault = {
        index: fault.index,
        kind: fault.kind,
        ...(faultError(fault.kind) ? { error: faultError(fault.kind) } : {}),
        ...(fault.kind === 'staleDevice' ? { after: (label: string) => this.staleRecovery(label) } : {}),
      }
    }
  }

  /** The client's state when a call is made (the fault set takes each state's calls once). */
  protected callState(): string {
    return JSON.stringify(this.client.actor.getSnapshot().value)
  }

  /** What Cognito answers after "Device does not exist." (none scripted unless a driver says so). */
  protected staleRecovery(_label: string): Reply[] {
    return []
  }

  /** A client of the model's pool over this run's storage and scripted Cognito, watched for coverage. */
  protected newClient(config: Partial<AuthClientConfig> = {}): AuthClient {
    const client = createAuthClient({
      userPoolId: POOL,
      clientId: CLIENT,
      ...(this.secret ? { clientSecret: CLIENT_SECRET } : {}),
      transport: this.cognito,
      storage: this.storage,
      clock: { now: () => this.clock.t },
      deviceName: 'model-test',
      ...(this.fault?.kind === 'silent' ? { timeoutMs: SILENT_TIMEOUT_MS } : {}),
      ...config,
    })
    this.coverage.watch(client.actor)
    return client
  }

  /** How many items the storage holds. */
  protected storedItems(): number {
    return this.stored.size
  }

  /** Whatever else a refused command must leave as it was (a driver adds its own): compared by identity. */
  protected unchanged(): unknown[] {
    return []
  }

  /** Whatever else must hold no secret (a driver adds its own): serialised as JSON. */
  protected inspected(): unknown[] {
    return []
  }

  /**
   * Acts one model step: Cognito gets `replies` in order, `act` runs, and the view it settles on comes
   * back with the calls made; `made` is null when the planned fault fired in this step (the caller checks
   * the fault's outcome instead). Calls other than the planned ones fail the run, naming `what`.
   */
  protected async perform(plan: { replies: Reply[]; act: () => Promise<AuthView> }, type: string, what: string) {
    const callsBefore = this.cognito.calls.length
    this.cognito.replies = plan.replies
    this.lastAct = plan.act
    const expected = plan.replies.map((r) => r.label)
    const view = await settle(plan.act(), type)
    const fired = this.fault !== null && this.cognito.calls.length > this.fault.index && callsBefore <= this.fault.index
    if (fired) return { view, made: null }
    const made = this.cognito.calls.slice(callsBefore)
    if (JSON.stringify(made) !== JSON.stringify(expected)) {
      throw new Error(`${what}: Cognito calls ${JSON.stringify(made)}, expected ${JSON.stringify(expected)}; view ${brief(view)}`)
    }
    return { view, made }
  }

  /**
   * Plays `steps` in order with `step` (which returns the fault's outcome when the fault fired), then
   * checks that a planned fault did fire; the client is stopped whatever happens.
   */
  protected async play<S>(steps: readonly S[], step: (step: S) => Promise<RunResult['faultOutcome'] | undefined>): Promise<RunResult> {
    try {
      for (const each of steps) {
        const faulted = await step(each)
        if (faulted) return { calls: this.calls, faultOutcome: faulted }
      }
      if (this.fault) throw new Error(`the fault at call ${this.fault.index} never fired (${this.calls.length} calls)`)
      return { calls: this.calls }
    } finally {
      this.client?.stop()
    }
  }

  /**
   * Every command `takes` does not hold is refused with a typed AuthError (INVALID_STATE, or
   * ALREADY_SIGNED_IN for a sign-in while signed in) and changes nothing: not the persisted snapshot, not
   * storage, not the calls to Cognito, not the view, nor what `unchanged()` returns.
   */
  protected async checkRefusals(view: AuthView, takes: ReadonlySet<AuthCommandName>): Promise<void> {
    for (const name of AUTH_COMMANDS) {
      if (takes.has(name)) continue
      const snapshot = JSON.stringify(this.client.getPersistedSnapshot())
      const [writes, calls, others] = [this.writes, this.cognito.calls.length, this.unchanged()]
      const outcome = await PROBES[name](this.client).then(
        (v) => `resolved with ${brief(v)}`,
        (e: unknown) => e,
      )
      const code = name === 'signIn' && view.step === 'signedIn' ? 'ALREADY_SIGNED_IN' : 'INVALID_STATE'
      if (!(outcome instanceof AuthError) || outcome.code !== code) {
        throw new Error(`${name}() at ${brief(view)}: expected a ${code} rejection, got ${String(outcome)}`)
      }
      if (JSON.stringify(this.client.getPersistedSnapshot()) !== snapshot) throw new Error(`${name}() at ${view.step} changed the state`)
      if (this.writes !== writes) throw new Error(`${name}() at ${view.step} wrote to storage`)
      if (this.cognito.calls.length !== calls) throw new Error(`${name}() at ${view.step} called Cognito`)
      if (this.client.getView() !== view) throw new Error(`${name}() at ${view.step} changed the view`)
      if (this.unchanged().some((value, i) => value !== others[i])) throw new Error(`${name}() at ${view.step} changed a flow`)
    }
  }

  /** Neither a password nor any device secret in the persisted snapshot, the view, its error, or what `inspected()` returns. */
  protected assertNoSecrets(where: string): void {
    if (!this.client) return
    const view = this.client.getView()
    const error = 'error' in view ? view.error : null
    const text =
      JSON.stringify(this.client.getPersistedSnapshot()) +
      JSON.stringify(view) +
      (error ? `${error.message}${JSON.stringify(error.cause)}${String(error.stack)}` : '') +
      this.inspected()
        .map((value) => JSON.stringify(value))
        .join()
    for (const secret of this.secrets) if (text.includes(secret)) throw new Error(`a secret leaked ${where}`)
  }
}
