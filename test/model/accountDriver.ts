// Drives the real client along one path of the account model (accountModel.ts) against the scripted
// Cognito: sign-up and password reset through the client's commands, and the sign-in each meets where it
// ends. At every step it checks the view (the step, the user, where the code went, the error shown), the
// calls made, the stored device record, that no password shows in a snapshot (the client's, or the flow
// actor's as the client created it) or a view, and that every command the step does not take is refused
// and changes nothing. Optionally injects one fault at one call.
import type { AnyActorRef } from 'xstate'
import { fromCognitoError, type AuthCommandName, type AuthView } from '../../src/index'
import { deviceStore } from '../../src/machine/index'
import { AccountReplies, DELIVERY, SIGN_UP_ATTRIBUTES } from './accountCognito'
import type { AccountContext, AccountEvent, AutoSignIn } from './accountModel'
import { ClientRun, CLIENT_SECRET, type RunResult } from './clientRun'
import type { CoverageRecorder } from './coverage'
import { taken } from './driver'
import { FAULT_CODES, type FaultKind } from './faults'
import { FIRST_CHALLENGES, MFA_PARAMETERS, NEW_PASSWORD, TRUST_DAYS } from './fixtures'
import { watchFlows, type FlowWatcher } from './flowWatch'
import type { Step } from './modelPaths'
import type { Confirm } from './protocolModel'
import { CLIENT, POOL, RIGHT_CODE, TOTP_SECRET, USER, WRONG_CODE, type Answer, type Reply } from './scriptedCognito'
import { brief, describe, isWaiting, settle, waitSettled } from './views'

type AccountStep = Step<AccountContext, AccountEvent>

/** The commands each account step takes, from the protocol (the sign-in's steps take theirs, as the sign-in model says). */
const ACCOUNT_TAKES: Record<string, readonly AuthCommandName[]> = {
  signUp: ['signUp', 'cancel'],
  confirmSignUp: ['submitCode', 'resendCode', 'cancel'],
  forgotPassword: ['forgotPassword', 'cancel'],
  resetPassword: ['resetPassword', 'resendCode', 'cancel'],
}

/** The view step of each model state. */
const STEPS: Record<string, AuthView['step']> = {
  signedOut: 'signedOut',
  signUpForm: 'signUp',
  confirmSignUp: 'confirmSignUp',
  forgotForm: 'forgotPassword',
  resetPassword: 'resetPassword',
  mfaCode: 'mfaCode',
  totpSetup: 'totpSetup',
  rememberDevice: 'rememberDevice',
  signedIn: 'signedIn',
  confirmedOut: 'signedOut',
  resetOut: 'signedOut',
  left: 'signedOut',
}
const FINAL = new Set(['signedIn', 'confirmedOut', 'resetOut', 'left'])

/** The calls of the account flows (the others belong to the sign-in they lead to). */
const FLOW_CALLS = new Set(['SignUp', 'ConfirmSignUp', 'ResendConfirmationCode', 'ForgotPassword', 'ConfirmForgotPassword'])
const NEW_DEVICE: Answer = { kind: 'tokens', newDevice: true }

/** The step a failed account call leaves the user in: the one it was made from. */
function flowStepOf(label: string, before: AccountStep['before']): AuthView['step'] {
  if (label === 'SignUp') return 'signUp'
  if (label === 'ConfirmSignUp' || label === 'ResendConfirmationCode') return 'confirmSignUp'
  if (label === 'ForgotPassword' && before.value !== 'resetPassword') return 'forgotPassword'
  return 'resetPassword'
}

/** One path through the account model, driven against a fresh client and a fresh scripted Cognito. */
export class AccountRun extends ClientRun {
  private readonly account = new AccountReplies(this.cognito)
  /** The account flow's actor (the latest), as the client created it, and its chart's id. */
  private flow: AnyActorRef | null = null
  private chart = ''
  /** The session the code step holds (SignUp's), sent with ConfirmSignUp. */
  private held: string | null = null
  /** The session the auto sign-in signs in with (SignUp's for a user confirmed at once, else ConfirmSignUp's). */
  private autoSession: string | null = null
  /** The key of the device this sign-in confirmed. */
  private currentKey: string | null = null
  /**
   * What Cognito answers once it has refused the code step's ConfirmSignUp as "session is expired" (the
   * path's `sessionExpired` answer, or that fault): the same code sent again without the Session, answered
   * as the step says, and what follows it.
   */
  private afterExpiry: Reply[] = []

  constructor(coverage: CoverageRecorder, fault: { index: number; kind: FaultKind } | null = null) {
    super(coverage, fault)
    const scripted = this.cognito.fault
    if (scripted?.kind === 'sessionExpired') scripted.after = () => this.expiredAnswered()
  }

  /**
   * The replies after a "session is expired" fault: at a ConfirmSignUp carrying SignUp's Session the
   * client sends the code again without it (the fault stands for Cognito's refusal); anywhere else the
   * fault ends the step, and the replies stay as they were.
   */
  private expiredAnswered(): Reply[] {
    const call = this.calls.at(-1)
    return call?.label === 'ConfirmSignUp' && call.hasSession ? this.afterExpiry : this.cognito.replies
  }

  /** The account chart's state while a flow runs (`signUp:"confirming"`), else the sign-in machine's. */
  protected override callState(): string {
    const flow = this.flow?.getSnapshot().status === 'active' ? this.flow : null
    return flow ? `${this.chart}:${JSON.stringify((flow.getSnapshot() as { value: unknown }).value)}` : super.callState()
  }

  protected override unchanged(): unknown[] {
    return [this.flow?.getSnapshot()]
  }

  protected override inspected(): unknown[] {
    return this.flow ? [this.flow.getSnapshot(), this.flow.getPersistedSnapshot()] : []
  }

  /** Runs the path; throws on the first mismatch. */
  run(steps: AccountStep[]): Promise<RunResult> {
    const watcher: FlowWatcher = {
      inspect: this.coverage.inspector(),
      created: (actor, chart) => {
        this.flow = actor
        this.chart = chart
      },
    }
    return watchFlows(watcher, () => this.play(steps, (step) => this.step(step)))
  }

  private async step(step: AccountStep): Promise<RunResult['faultOutcome'] | undefined> {
    const { event, before, after } = step
    const { view, made } = await this.perform(this.plan(event, before), event.type, describe(event))
    if (!made) return this.checkFault(view, step)
    this.checkView(view, after, event)
    this.log.push({ calls: made, step: view.step })
    await this.checkRecord(after.context)
    this.assertNoSecrets(`after ${describe(event)}`)
    if (!FINAL.has(String(after.value))) await this.checkRefusals(view, this.takes(view))
    return undefined
  }

  private takes(view: AuthView): ReadonlySet<AuthCommandName> {
    const account = ACCOUNT_TAKES[view.step]
    return account ? new Set(account) : taken(view)
  }

  // ---- what each model event does, and what Cognito must see ----

  private plan(event: AccountEvent, before: AccountStep['before']): { replies: Reply[]; act: () => Promise<AuthView> } {
    const account = this.account
    switch (event.type) {
      case 'GIVEN':
        this.secret = event.secret === true
        this.cognito.clientSecret = this.secret ? CLIENT_SECRET : null
        this.client = this.newClient({ authFlow: 'USER_SRP_AUTH', trust: { days: TRUST_DAYS } })
        return { replies: [], act: () => waitSettled(this.client.start()) }
      case 'SIGN_UP': {
        const signUp = account.signUp(event.answer, (session) => {
          this.held = event.answer === 'unconfirmed' ? session : null
          this.autoSession = session
        })
        const then = event.answer === 'confirmed' ? this.autoSignIn(event.then ?? 'tokens', event.confirm) : []
        const act = () => this.client.signUp({ username: USER.username, password: USER.password, attributes: SIGN_UP_ATTRIBUTES })
        return { replies: [signUp, ...then], act }
      }
      case 'CONFIRM_SIGN_UP':
        this.held = null
        return { replies: [], act: () => this.client.confirmSignUp({ username: USER.username }) }
      case 'SUBMIT_CODE': {
        const code = event.answer === 'codeMismatch' ? WRONG_CODE : RIGHT_CODE
        const confirmed = (session: string) => (this.autoSession = session)
        const act = () => this.client.submitCode(code)
        const withSession = event.answer === 'session' || event.answer === 'sessionExpired'
        const then = withSession ? this.autoSignIn(event.then ?? 'tokens', event.confirm) : []
        if (event.answer === 'sessionExpired') {
          // refused with SignUp's Session, then the same code without it: ConfirmSignUp twice, then USER_AUTH
          // with ConfirmSignUp's own Session (the step's calls are checked against these replies' labels)
          if (!this.held) throw new Error('SUBMIT_CODE(sessionExpired) with no SignUp session held: the model offers it only with one')
          const [refused, again] = account.confirmSignUpExpired(code, this.held, confirmed)
          this.afterExpiry = [again!, ...then]
          return { replies: [refused!, again!, ...then], act }
        }
        // a "session is expired" fault at this call: the same code again without the Session, answered as the path says
        this.afterExpiry = [account.confirmSignUp(event.answer, code, null, confirmed), ...then]
        return { replies: [account.confirmSignUp(event.answer, code, this.held, confirmed), ...then], act }
      }
      case 'RESEND_CODE': {
        const reply = before.value === 'resetPassword' ? account.forgotPassword(event.answer) : account.resendConfirmationCode(event.answer)
        return { replies: [reply], act: () => this.client.resendCode() }
      }
      case 'FORGOT_PASSWORD':
        return { replies: [account.forgotPassword(event.answer)], act: () => this.client.forgotPassword({ username: USER.username }) }
      case 'RESET_PASSWORD': {
        const code = event.answer === 'codeMismatch' ? WRONG_CODE : RIGHT_CODE
        const cog = this.cognito
        // with signIn, the new password signs in at once (SRP against the new verifier), a new device
        const then = event.signIn
          ? [cog.srpStart('USER_SRP_AUTH', null, NEW_PASSWORD), cog.srpVerify(null, NEW_DEVICE), this.confirmDevice(event.confirm)]
          : []
        const act = () => this.client.resetPassword({ code, password: NEW_PASSWORD, ...(event.signIn ? { signIn: true } : {}) })
        return { replies: [account.confirmForgotPassword(event.answer, code), ...then], act }
      }
      case 'SUBMIT_MFA':
        return {
          replies: [this.cognito.respond('EMAIL_OTP', { EMAIL_OTP_CODE: RIGHT_CODE }, NEW_DEVICE, null), this.confirmDevice(event.confirm)],
          act: () => this.client.submitCode(RIGHT_CODE),
        }
      case 'CONFIRM_TOTP': {
        const verify: Reply = {
          label: 'VerifySoftwareToken',
          respond: (input) => {
            if (input.UserCode !== RIGHT_CODE)
              throw fromCognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA', 400)
            return { Status: 'SUCCESS', Session: 'session-verified' }
          },
        }
        return {
          replies: [verify, this.cognito.respond('MFA_SETUP', {}, NEW_DEVICE, null), this.confirmDevice(event.confirm)],
          act: () => this.client.confirmTotpSetup(RIGHT_CODE),
        }
      }
      case 'REMEMBER': {
        const status: Reply = {
          label: 'UpdateDeviceStatus',
          respond: (input) => {
            if (input.DeviceKey !== this.currentKey)
              throw new Error(`UpdateDeviceStatus for ${String(input.DeviceKey)}, expected ${this.currentKey}`)
            if (input.DeviceRememberedStatus !== (event.remember ? 'remembered' : 'not_remembered'))
              throw new Error('wrong DeviceRememberedStatus')
            return {}
          },
        }
        return { replies: [status], act: () => this.client.rememberDevice(event.remember) }
      }
      case 'CANCEL':
        return { replies: [], act: () => this.client.cancel() }
    }
  }

  /** The sign-in with the sign-up's session (InitiateAuth USER_AUTH) and what follows it with no input. */
  private autoSignIn(then: AutoSignIn, confirm: Confirm | undefined): Reply[] {
    const cog = this.cognito
    // the session is known once SignUp or ConfirmSignUp has answered, in the same command
    const userAuth = (next: Answer | 'SELECT_CHALLENGE' | 'refused'): Reply => ({
      label: 'InitiateAuth:USER_AUTH',
      respond: (input) => cog.userAuth(this.autoSession ?? 'no session', next).respond(input),
    })
    switch (then) {
      case 'tokens':
        return [userAuth(NEW_DEVICE), this.confirmDevice(confirm)]
      case 'EMAIL_OTP':
        return [userAuth({ kind: 'challenge', name: 'EMAIL_OTP', parameters: MFA_PARAMETERS.EMAIL_OTP })]
      case 'MFA_SETUP':
        return [
          userAuth({ kind: 'challenge', name: 'MFA_SETUP', parameters: FIRST_CHALLENGES.MFA_SETUP }),
          cog.plain('AssociateSoftwareToken', { SecretCode: TOTP_SECRET, Session: 'session-associated' }),
        ]
      default:
        return [userAuth(then)]
    }
  }

  /** ConfirmDevice for the new device, remembering its key for the prompt and the signed-in view. */
  private confirmDevice(confirm: Confirm | undefined): Reply {
    const reply = this.cognito.confirmDevice(confirm === 'prompt')
    return {
      label: reply.label,
      respond: (input) => {
        this.currentKey = this.cognito.issuedKey
        return reply.respond(input)
      },
    }
  }

  // ---- checks ----

  private checkView(view: AuthView, after: AccountStep['after'], event: AccountEvent): void {
    const c = after.context
    const state = String(after.value)
    const fail = (what: string) => {
      throw new Error(`${describe(event)} -> model ${state}: ${what}; view ${brief(view)}`)
    }
    if (view.step !== STEPS[state]) fail(`expected step ${STEPS[state]}`)
    const shown = 'error' in view ? (view.error?.code ?? null) : null
    const error = FINAL.has(state) ? null : c.error
    if (shown !== error) fail(`error ${shown}, expected ${error}`)
    const delivery = c.delivery
      ? { destination: DELIVERY.Destination, medium: DELIVERY.DeliveryMedium, attribute: DELIVERY.AttributeName }
      : null
    switch (view.step) {
      case 'signUp':
      case 'forgotPassword':
        if (view.username !== USER.username) fail('username')
        break
      case 'confirmSignUp':
      case 'resetPassword':
        if (view.username !== USER.username) fail('username')
        if (JSON.stringify(view.delivery) !== JSON.stringify(delivery)) fail(`delivery ${JSON.stringify(view.delivery)}`)
        break
      case 'mfaCode':
        if (view.channel !== 'EMAIL' || view.destination !== MFA_PARAMETERS.EMAIL_OTP!.CODE_DELIVERY_DESTINATION) fail('channel')
        break
      case 'totpSetup':
        if (view.secret !== TOTP_SECRET) fail('secret')
        break
      case 'rememberDevice':
        if (view.reason !== 'newDevice' || view.deviceKey !== this.currentKey) fail('reason/deviceKey')
        break
      case 'signedIn': {
        if (view.username !== USER.username || view.userId !== USER.userId) fail('username')
        const status = c.device === 'remembered' ? 'remembered' : 'not_remembered'
        if (view.device?.status !== status || view.device.deviceKey !== this.currentKey) fail(`device ${JSON.stringify(view.device)}`)
        break
      }
      case 'signedOut': {
        const notice = state === 'signedOut' ? null : c.notice
        if (view.notice !== notice) fail(`notice ${view.notice}, expected ${notice}`)
        // the user name stays for the sign-in form after a confirmed sign-up or a reset
        if (notice && view.username !== USER.username) fail('username not kept')
        break
      }
      default:
        fail('unexpected step')
    }
  }

  /** The stored device record matches the model: none before sign-in, then the new device's status. */
  private async checkRecord(c: AccountContext): Promise<void> {
    const found = await deviceStore(this.storage, { userPoolId: POOL, clientId: CLIENT }).find(USER.username)
    if (found.dropped) throw new Error(`a stored record was unreadable: ${found.dropped}`)
    if (found.record) this.secrets.add(found.record.devicePassword)
    const expected = c.device === 'none' ? null : c.device === 'remembered' ? 'remembered' : 'not_remembered'
    if ((found.record?.status ?? null) !== expected) throw new Error(`stored device ${found.record?.status}, model ${c.device}`)
  }

  /**
   * After a fault: nothing secret shown, a bounded snapshot and number of calls, no device record
   * corrupted; a typed error where the call was made. A failed account call leaves the user in its step
   * with the error, and a transient one loses nothing: acting again reaches what the model says. Any
   * failure of the auto sign-in (USER_AUTH) ends as a refused one does: signedOut, the account confirmed.
   * A failure in the sign-in after a flow is what it is in any sign-in (the sign-in model's driver).
   */
  private async checkFault(view: AuthView, step: AccountStep): Promise<RunResult['faultOutcome']> {
    const { before, after, event } = step
    const kind = this.fault!.kind
    const label = this.cognito.calls[this.fault!.index]!
    const at = `${kind} at call ${this.fault!.index + 1} (${label})`
    const error = 'error' in view ? view.error : null
    const code = error?.code ?? null
    const outcome = { step: view.step, code }
    this.assertNoSecrets(`after the ${kind} fault`)
    const size = JSON.stringify(this.client.getPersistedSnapshot()).length
    if (size > 65_536) throw new Error(`${at}: the persisted snapshot grew to ${size} characters`)
    const extra = this.cognito.calls.length - this.fault!.index - 1
    if (extra > 3) throw new Error(`${at}: ${extra} more calls after the fault: a loop?`)
    const found = await deviceStore(this.storage, { userPoolId: POOL, clientId: CLIENT }).find(USER.username)
    if (found.dropped) throw new Error(`${at} corrupted the device record: ${found.dropped}`)
    if (kind === 'sessionExpired' && label === 'ConfirmSignUp') {
      // SignUp's Session refused as expired (faultsFor injects it only where the call carried one): the
      // client sends the same code once more without it (the scripted replies check the code and that no
      // Session goes), and the step ends as the model says, every reply taken
      const again = this.calls[this.fault!.index + 1]
      if (again?.label !== 'ConfirmSignUp' || again.hasSession)
        throw new Error(
          `${at}: the code was not sent again without the Session: ${JSON.stringify(this.cognito.calls.slice(this.fault!.index))}`,
        )
      if (this.cognito.replies.length > 0)
        throw new Error(`${at}: calls still expected: ${JSON.stringify(this.cognito.replies.map((r) => r.label))}; view ${brief(view)}`)
      this.checkView(view, after, event)
      await this.checkRecord(after.context)
      return outcome
    }
    if (this.cognito.faultInert) {
      // Cognito refused the call anyway: there was no answer to damage, and the step ends as the model says
      this.checkView(view, after, event)
      return outcome
    }
    if (label === 'InitiateAuth:USER_AUTH') {
      if (view.step !== 'signedOut' || view.notice !== 'accountConfirmed' || view.error || view.username !== USER.username)
        throw new Error(`${at} gave ${brief(view)}, expected signedOut with accountConfirmed`)
      return outcome
    }
    const inFlow = FLOW_CALLS.has(label)
    if (inFlow && view.step !== flowStepOf(label, before)) throw new Error(`${at} left its step: ${brief(view)}`)
    if (kind === 'staleDevice') {
      // the new device is gone already: signed in without it, or signed out saying so
      if (view.step === 'signedOut' ? code !== 'STALE_DEVICE' : view.step !== 'signedIn') throw new Error(`${at} gave ${brief(view)}`)
      return outcome
    }
    if (kind === 'sessionExpired' && (code !== 'SESSION_EXPIRED' || (!inFlow && view.step !== 'signedOut')))
      throw new Error(`${at} gave ${brief(view)}`)
    if (code !== FAULT_CODES[kind]) throw new Error(`${at} gave ${brief(view)}, expected ${FAULT_CODES[kind]}`)
    const transient = kind === 'network' || kind === 'internal' || kind === 'throttling' || kind === 'silent'
    if (error?.retryable !== transient) throw new Error(`${at}: retryable is ${error?.retryable}, expected ${transient}`)
    if (!transient) return outcome
    let again: AuthView | null = null
    if ((inFlow || isWaiting(view)) && this.lastAct) again = await settle(this.lastAct(), `acting again after ${at}`)
    else if (view.step === 'failed' || view.step === 'signedIn') again = await settle(this.client.retry(), `retry after ${at}`)
    if (again) {
      this.checkView(again, after, event)
      await this.checkRecord(after.context)
      this.assertNoSecrets(`after recovering from ${at}`)
    }
    return outcome
  }
}
