// Drives the real client along one path of the account-page model (profileModel.ts) against the scripted
// Cognito (profileCognito.ts answers the page's calls and checks each request). At every step it checks
// the view (the step, busy, view.profile field by field, the session's device and devices), the calls
// made, what storage holds (the session's tokens, the device record: gone with its aliases after
// deleteUser), that no password (the old, the new, a refused one) shows in a snapshot (the client's, or
// the page actor's as the client created it) or a view, that the TOTP secret is never persisted, and that
// every command the step does not take is refused and changes nothing (the page's snapshot included).
// Optionally injects one fault at one call: a failed page call leaves the session as it was and the page
// as it was with the error, and usable, unless Cognito says the access token is revoked: the session ends.
import type { AnyActorRef } from 'xstate'
import { AccountReplies } from './accountCognito'
import { AuthError, type AuthCommandName, type AuthView } from '../../src/index'
import { deviceStore } from '../../src/machine/index'
import { sessionStore } from '../../src/machine/sessionStore'
import { ClientRun, type RunResult } from './clientRun'
import type { CoverageRecorder } from './coverage'
import { taken } from './driver'
import { FAULT_CODES, type CallInfo, type FaultKind } from './faults'
import { NEW_PASSWORD, TRUST_DAYS, WRONG_PASSWORD } from './fixtures'
import { watchFlows, type FlowWatcher } from './flowWatch'
import type { Step } from './modelPaths'
import { ATTRIBUTES, NEW_EMAIL, NEW_NAME, PAGE_DELIVERY, ProfileCognito, WEAK_PASSWORD } from './profileCognito'
import type { ProfileContext, ProfileEvent } from './profileModel'
import { expectedPasskeys, ModelAuthenticator, passkeyPlan } from './profilePasskeys'
import { CLIENT, expectEqual, POOL, RIGHT_CODE, TOTP_SECRET, USER, WRONG_CODE, type Reply } from './scriptedCognito'
import { brief, describe, settle } from './views'

type ProfileStep = Step<ProfileContext, ProfileEvent>

/** The model's final states that end signed out, and the notice each shows. */
const SIGNED_OUT: Record<string, string> = { signedOut: 'signedOut', accountDeleted: 'accountDeleted' }
/**
 * How callState() names a call of the page (`profile:"loading"`), one of the session's beside it, and one
 * made after the page ended (the sign-in again with the new password).
 */
const OF_PAGE = 'profile:'
const BESIDE_PAGE = 'beside the page:'
const AFTER_PAGE = 'after the page:'
const TRANSIENT = new Set<FaultKind>(['network', 'internal', 'throttling', 'silent'])
const MFA_TYPE = { totp: 'SOFTWARE_TOKEN_MFA', email: 'EMAIL_OTP' } as const
const SCOPE = { userPoolId: POOL, clientId: CLIENT }

/**
 * Which calls of a profile path get faults: those of the page, beside it and after it (the sign-in again
 * after a new password); not those made before any page (the sign-in, or the reset a path signs in by, and
 * a sign-out with no page): the sign-in and account models fault those calls already.
 */
export function profileFaultable(call: CallInfo): boolean {
  return [OF_PAGE, BESIDE_PAGE, AFTER_PAGE].some((prefix) => call.state.startsWith(prefix))
}

/** The page part of a view as plain data (its error as the code, checked to be an AuthError), or null. */
type Page = Record<string, unknown> | null
function pageOf(view: AuthView): Page {
  if (view.step !== 'signedIn' || !view.profile) return null
  const { error, ...rest } = view.profile
  if (error !== null && !(error instanceof AuthError)) throw new Error(`view.profile.error is not an AuthError: ${String(error)}`)
  return { ...rest, error: error?.code ?? null }
}

/** JSON with the keys of every object sorted, to compare values whatever order they were built in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}

/** The page a model context shows: what GetUser gave (once loaded), the code and enrolment under way, the error and notice. */
function expectedPage(c: ProfileContext): Page {
  if (!c.page) return null
  const type = c.mfa === 'none' ? null : MFA_TYPE[c.mfa]
  return {
    attributes: c.loaded
      ? {
          ...ATTRIBUTES,
          email: c.emailChanged ? NEW_EMAIL : ATTRIBUTES.email,
          email_verified: String(c.emailVerified),
          name: c.renamed ? NEW_NAME : ATTRIBUTES.name,
        }
      : null,
    mfa: c.loaded ? { enabled: type ? [type] : [], preferred: type } : null,
    verifying: c.verifying
      ? [{ destination: PAGE_DELIVERY.Destination, medium: PAGE_DELIVERY.DeliveryMedium, attribute: PAGE_DELIVERY.AttributeName }]
      : [],
    totp: c.enrolling
      ? { secret: TOTP_SECRET, otpauthUri: `otpauth://totp/AWSCognito:${USER.username}?secret=${TOTP_SECRET}&issuer=AWSCognito` }
      : null,
    error: c.error,
    notice: c.notice,
    ...expectedPasskeys(c),
  }
}

/** Another user's session, stored by another tab (the page's user must not touch it). */
const OTHER_SESSION = {
  username: 'bruno',
  userId: 'other-user-sub',
  expiresAt: Date.UTC(2026, 0, 6),
  issuedAt: Date.UTC(2026, 0, 5),
  deviceKey: null,
  tokens: { accessToken: 'other.access.token', idToken: 'other.id.token', refreshToken: 'other-refresh', expiresAt: Date.UTC(2026, 0, 6) },
}
/** The session's error when a page call found it over: revoked at Cognito, or gone from storage. */
const LOST_CODES = { revoked: 'NOT_AUTHORIZED', elsewhere: 'NOT_SIGNED_IN' } as const

/** The page before its first command ran, for a fault in that command. */
const NO_PAGE = {
  attributes: null,
  mfa: null,
  verifying: [],
  totp: null,
  error: null,
  notice: null,
  passkeys: null,
  passkeysNextToken: null,
}

/** One path through the account-page model, driven against a fresh client and a fresh scripted Cognito. */
export class ProfileRun extends ClientRun {
  private readonly server = new ProfileCognito()
  /** The client's WebAuthn adapter: each registration's ceremony does what the step says. */
  private readonly authenticator = new ModelAuthenticator()
  /** The page's actor, as the client created it. */
  private page: AnyActorRef | null = null
  /** The key of the device confirmed at sign-in. */
  private deviceKey: string | null = null
  /** The index of the first call of the step under way, and the page as it was before the step. */
  private stepStart = 0
  private pageBefore: Page = null

  constructor(coverage: CoverageRecorder, fault: { index: number; kind: FaultKind } | null = null) {
    super(coverage, fault)
    this.secrets.add(WEAK_PASSWORD)
  }

  /**
   * The page chart's state while one of its calls runs (`profile:"updating"`), else the sign-in
   * machine's: beside a page, after the page ended (the sign-in again), or with none.
   */
  protected override callState(): string {
    const page = this.page?.getSnapshot() as { status: string; value: unknown } | undefined
    if (page?.status === 'active' && page.value !== 'idle') return `${OF_PAGE}${JSON.stringify(page.value)}`
    if (page?.status === 'active') return `${BESIDE_PAGE} ${super.callState()}`
    return page?.status === 'done' ? `${AFTER_PAGE} ${super.callState()}` : super.callState()
  }

  protected override unchanged(): unknown[] {
    return [this.page?.getSnapshot()]
  }

  protected override inspected(): unknown[] {
    return this.page ? [this.page.getSnapshot(), this.page.getPersistedSnapshot()] : []
  }

  /** Runs the path; throws on the first mismatch. */
  run(steps: ProfileStep[]): Promise<RunResult> {
    const watcher: FlowWatcher = {
      inspect: this.coverage.inspector(),
      created: (actor, chart) => {
        // the reset a path signs in by is watched for coverage only
        if (chart !== 'profile') return
        if (this.page?.getSnapshot().status === 'active') throw new Error('a second page while the first runs')
        this.page = actor
      },
    }
    return watchFlows(watcher, () => this.play(steps, (step) => this.step(step)))
  }

  private async step(step: ProfileStep): Promise<RunResult['faultOutcome'] | undefined> {
    const { event, after } = step
    this.stepStart = this.cognito.calls.length
    this.pageBefore = this.client ? pageOf(this.client.getView()) : null
    const { view, made } = await this.perform(this.plan(event), event.type, describe(event))
    if (!made) return this.checkFault(view, step)
    this.checkView(view, after, event)
    this.log.push({ calls: made, step: view.step })
    await this.checkStorage(after, describe(event))
    this.assertNoSecrets(`after ${describe(event)}`)
    await this.checkRefusals(view, this.takes(view, after.context))
    return undefined
  }

  /**
   * The commands a step takes: the session's and the page's while signed in (driver.ts), and while an
   * enrolment is under way `confirmTotpSetup`, while an enrolment or a code is `cancel` (from the model,
   * not the view).
   */
  private takes(view: AuthView, c: ProfileContext): ReadonlySet<AuthCommandName> {
    const names = taken(view)
    if (view.step === 'signedIn' && c.enrolling) names.add('confirmTotpSetup')
    if (view.step === 'signedIn' && (c.enrolling || c.verifying)) names.add('cancel')
    return names
  }

  // ---- what each model event does, and what Cognito must see ----

  private plan(event: ProfileEvent): { replies: Reply[]; act: () => Promise<AuthView> } {
    const s = this.server
    switch (event.type) {
      case 'GIVEN': {
        this.client = this.newClient({ authFlow: 'USER_PASSWORD_AUTH', trust: { days: TRUST_DAYS }, webAuthn: this.authenticator })
        if (event.via === 'reset') {
          // ForgotPassword, ConfirmForgotPassword, the sign-in with the new password (a new device), then the
          // page: GlobalSignOut with that session's token, and the sign-in again
          const account = new AccountReplies(this.cognito)
          const reset: Reply = account.confirmForgotPassword('reset', RIGHT_CODE)
          const confirmed: Reply = { label: reset.label, respond: (input) => ((this.server.password = NEW_PASSWORD), reset.respond(input)) }
          return {
            replies: [account.forgotPassword('delivered'), confirmed, ...this.passwordSignIn(), s.globalSignOut(), ...this.signInAgain()],
            act: async () => {
              await this.client.forgotPassword({ username: USER.username })
              return this.client.resetPassword({ code: RIGHT_CODE, password: NEW_PASSWORD, signOutOthers: true })
            },
          }
        }
        const start = this.cognito.start('USER_PASSWORD_AUTH', null, { kind: 'tokens', newDevice: true })
        const signIn: Reply = {
          label: start.label,
          respond: async (input) => {
            const out = (await start.respond(input)) as { AuthenticationResult: { AccessToken: string; RefreshToken: string } }
            s.tokens = { access: out.AuthenticationResult.AccessToken, refresh: out.AuthenticationResult.RefreshToken }
            return out
          },
        }
        return {
          replies: [signIn, this.confirmDevice()],
          act: () => this.client.signIn({ username: USER.username, password: USER.password }),
        }
      }
      case 'LOAD_PROFILE':
        if (event.answer === 'elsewhere')
          // another tab signed in as someone else (a storage with no change notices): the page finds no session of its user
          return { replies: [], act: async () => (await sessionStore(this.storage, SCOPE).save(OTHER_SESSION), this.client.loadProfile()) }
        return { replies: [s.getUser(event.answer === 'revoked')], act: () => this.client.loadProfile() }
      case 'UPDATE_ATTRIBUTES':
        if (event.answer === 'invalidInput')
          return { replies: [], act: () => this.client.updateAttributes({ name: 7 } as unknown as Record<string, string>) }
        return event.answer === 'noCode'
          ? { replies: [s.updateAttributes('name'), s.getUser()], act: () => this.client.updateAttributes({ name: NEW_NAME }) }
          : { replies: [s.updateAttributes('email'), s.getUser()], act: () => this.client.updateAttributes({ email: NEW_EMAIL }) }
      case 'SEND_ATTRIBUTE_CODE':
        return { replies: [s.sendAttributeCode()], act: () => this.client.sendAttributeCode('email') }
      case 'VERIFY_ATTRIBUTE': {
        if (event.answer === 'invalidInput')
          return { replies: [], act: () => this.client.verifyAttribute({ attribute: 'name' as 'email', code: RIGHT_CODE }) }
        const code = event.answer === 'verified' ? RIGHT_CODE : WRONG_CODE
        const then = event.answer === 'verified' ? [s.getUser()] : []
        return { replies: [s.verifyAttribute(code), ...then], act: () => this.client.verifyAttribute({ attribute: 'email', code }) }
      }
      case 'CHANGE_PASSWORD': {
        const current = event.answer === 'wrongCurrent' ? WRONG_PASSWORD : USER.password
        const proposed = event.answer === 'invalidPassword' ? WEAK_PASSWORD : event.answer === 'invalidInput' ? '' : NEW_PASSWORD
        const everywhere = event.signOutOthers === true
        const act = () =>
          this.client.changePassword({ currentPassword: current, newPassword: proposed, ...(everywhere ? { signOutOthers: true } : {}) })
        if (event.answer === 'invalidInput') return { replies: [], act }
        const then = everywhere && event.answer === 'changed' ? [s.globalSignOut(), ...this.signInAgain()] : []
        return { replies: [s.changePassword(current, proposed), ...then], act }
      }
      case 'SET_UP_TOTP':
        return { replies: [s.associateSoftwareToken()], act: () => this.client.setUpTotp() }
      case 'CONFIRM_TOTP': {
        if (event.answer !== 'enabled')
          return { replies: [s.verifySoftwareToken(WRONG_CODE, event.answer)], act: () => this.client.confirmTotpSetup(WRONG_CODE) }
        const on = s.setMfaPreference({ SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })
        return { replies: [s.verifySoftwareToken(RIGHT_CODE), on, s.getUser()], act: () => this.client.confirmTotpSetup(RIGHT_CODE) }
      }
      case 'SET_MFA_PREFERENCE':
        switch (event.answer) {
          case 'invalidInput':
            return { replies: [], act: () => this.client.setMfaPreference({ email: 'always' as 'preferred' }) }
          case 'invalidParameter':
            return {
              replies: [s.setMfaPreference({ SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })],
              act: () => this.client.setMfaPreference({ totp: 'preferred' }),
            }
          default:
            return {
              replies: [s.setMfaPreference({ EmailMfaSettings: { Enabled: true, PreferredMfa: true } }), s.getUser()],
              act: () => this.client.setMfaPreference({ email: 'preferred' }),
            }
        }
      case 'DELETE_USER':
        return { replies: [s.deleteUser()], act: () => this.client.deleteUser() }
      case 'CANCEL':
        return { replies: [], act: () => this.client.cancel() }
      case 'REGISTER_PASSKEY':
      case 'LIST_PASSKEYS':
      case 'DELETE_PASSKEY':
        return passkeyPlan(event, s, this.client, this.authenticator)
      case 'LIST_DEVICES':
        return {
          replies: [s.listDevices(this.deviceKey ?? '')],
          act: async () => (await this.client.listDevices().catch(() => null), this.client.getView()),
        }
      case 'SIGN_OUT':
        return { replies: [s.revokeToken()], act: () => this.client.signOut() }
    }
  }

  /**
   * The sign-in again after GlobalSignOut: USER_PASSWORD_AUTH with the new password and the remembered
   * device's key, then device SRP (no MFA, no new device); the new session's tokens are told apart from
   * the first's (a `jti` claim), so every page call after it must carry the new access token.
   */
  private signInAgain(): Reply[] {
    // the device's key read when the calls come (a reset's sign-in confirms it in the same step)
    const key = () => this.deviceKey ?? ''
    const start: Reply = {
      label: 'InitiateAuth:USER_PASSWORD_AUTH',
      respond: (input) => {
        const params = input.AuthParameters as Record<string, string>
        expectEqual(params.USERNAME, USER.username, 'USERNAME in the sign-in again')
        expectEqual(params.DEVICE_KEY, key(), 'DEVICE_KEY in the sign-in again')
        if (params.PASSWORD !== NEW_PASSWORD || this.server.password !== NEW_PASSWORD)
          throw new Error('the sign-in again did not send the new password (or the password had not changed)')
        return { ChallengeName: 'DEVICE_SRP_AUTH', Session: 'session-again', ChallengeParameters: { USERNAME: USER.userId } }
      },
    }
    const srp: Reply = {
      label: 'RespondToAuthChallenge:DEVICE_SRP_AUTH',
      respond: (input) => this.cognito.deviceSrp(key())[0]!.respond(input),
    }
    const tokens: Reply = {
      label: 'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER',
      respond: async (input) => {
        const out = (await this.cognito.deviceSrp(key())[1]!.respond(input)) as {
          AuthenticationResult: { AccessToken: string; RefreshToken: string }
        }
        const [head, payload, signature] = out.AuthenticationResult.AccessToken.split('.')
        const claims = { ...(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object), jti: 'signed-in-again' }
        const access = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
        this.server.tokens = { access, refresh: out.AuthenticationResult.RefreshToken }
        this.server.ended = null
        return { ...out, AuthenticationResult: { ...out.AuthenticationResult, AccessToken: access } }
      },
    }
    return [start, srp, tokens]
  }

  /** ConfirmDevice for the new device, remembered at once (its key kept for the checks). */
  private confirmDevice(): Reply {
    const confirm = this.cognito.confirmDevice(false)
    return { label: confirm.label, respond: (input) => ((this.deviceKey = this.cognito.issuedKey), confirm.respond(input)) }
  }

  /** A sign-in with the new password and no device key (USER_PASSWORD_AUTH): tokens for a new device, remembered at once. */
  private passwordSignIn(): Reply[] {
    const start = this.cognito.start('USER_PASSWORD_AUTH', null, { kind: 'tokens', newDevice: true })
    const signIn: Reply = {
      label: start.label,
      respond: async (input) => {
        const params = input.AuthParameters as Record<string, string>
        if (params.PASSWORD !== NEW_PASSWORD || this.server.password !== NEW_PASSWORD)
          throw new Error('a sign-in with the new password did not send it (or the password had not changed)')
        // the scripted start checks the fixture's password: Cognito's is the new one now
        const out = (await start.respond({ ...input, AuthParameters: { ...params, PASSWORD: USER.password } })) as {
          AuthenticationResult: { AccessToken: string; RefreshToken: string }
        }
        this.server.tokens = { access: out.AuthenticationResult.AccessToken, refresh: out.AuthenticationResult.RefreshToken }
        this.server.ended = null
        return out
      },
    }
    return [signIn, this.confirmDevice()]
  }

  /** What Cognito answers after "Device does not exist." at the sign-in again: the client signs in with no key, a new device. */
  protected override staleRecovery(label: string): Reply[] {
    return label === 'InitiateAuth:USER_PASSWORD_AUTH' && this.page?.getSnapshot().status === 'done' ? this.passwordSignIn() : []
  }

  // ---- checks ----

  private checkView(view: AuthView, after: ProfileStep['after'], event: ProfileEvent): void {
    const c = after.context
    const state = String(after.value)
    const fail = (what: string) => {
      throw new Error(`${describe(event)} -> model ${state}: ${what}; view ${brief(view)}`)
    }
    const pageStatus = this.page?.getSnapshot().status ?? null
    if (state === 'sessionLost') {
      // the page ended on the call's error, and the session with it: signedOut, the error the session's, not retryable
      const code = LOST_CODES[c.lost!]
      if (view.step !== 'signedOut') return fail('expected signedOut')
      if (view.error?.code !== code || view.error.retryable) fail(`error ${view.error?.code}, expected ${code}, not retryable`)
      if (pageStatus !== 'done') fail(`the page's actor is ${pageStatus}, expected done`)
      return
    }
    const notice = SIGNED_OUT[state]
    if (notice) {
      if (view.step !== 'signedOut') return fail('expected signedOut')
      if (view.error) fail(`an error: ${view.error.code}`)
      if (view.notice !== notice) fail(`notice ${view.notice}, expected ${notice}`)
      if (view.username !== null) fail(`username ${view.username} kept`)
      // the page ends the session (its final state), or stops with it
      const status = state === 'signedOut' ? (c.page ? 'stopped' : c.again ? 'done' : null) : 'done'
      if (pageStatus !== status) fail(`the page's actor is ${pageStatus}, expected ${status}`)
      return
    }
    if (view.step !== 'signedIn') return fail('expected signedIn')
    if (view.busy !== null) fail(`busy ${view.busy}`)
    if (view.error) fail(`a session error: ${view.error.code}`)
    if (view.username !== USER.username || view.userId !== USER.userId) fail('username')
    // a sign-in again with the new password says so
    const said = c.again ? 'passwordChanged' : null
    if (view.notice !== said) fail(`notice ${view.notice}, expected ${said}`)
    if (view.device?.status !== 'remembered' || view.device.deviceKey !== this.deviceKey) fail(`device ${JSON.stringify(view.device)}`)
    const devices = view.devices
    if (c.listed ? devices?.length !== 1 || devices[0]?.deviceKey !== this.deviceKey || !devices[0]?.current : devices !== null)
      fail(`devices ${JSON.stringify(devices)}`)
    const shown = canonical(pageOf(view))
    const expected = canonical(expectedPage(c))
    if (shown !== expected) fail(`view.profile ${shown}, expected ${expected}`)
    if (pageStatus !== (c.page ? 'active' : c.again ? 'done' : null)) fail(`the page's actor is ${pageStatus}`)
  }

  /**
   * What storage holds: signed in, this session's tokens and the device record (remembered, this key);
   * signed out, no session and the record kept, except after deleteUser: nothing at all (the session,
   * the record and its aliases gone). The TOTP secret is never persisted, and is in the page's snapshot
   * only while its enrolment is under way.
   */
  private async checkStorage(after: ProfileStep['after'], what: string): Promise<void> {
    const state = String(after.value)
    const fail = (problem: string) => {
      throw new Error(`${what} -> model ${state}: ${problem}`)
    }
    const devices = deviceStore(this.storage, SCOPE)
    const found = await devices.find(USER.username)
    if (found.dropped) fail(`a stored record was unreadable: ${found.dropped}`)
    if (found.record) this.secrets.add(found.record.devicePassword)
    const session = await sessionStore(this.storage, SCOPE).load()
    if (state === 'accountDeleted') {
      if (found.record || (await devices.find(USER.userId)).record) fail('the device record outlived the deleted user')
      if (session) fail('the session outlived the deleted user')
      if (this.storedItems() !== 0) fail(`${this.storedItems()} items left in storage after deleteUser`)
    } else {
      if (found.record?.status !== 'remembered' || found.record.deviceKey !== this.deviceKey)
        fail(`stored device ${JSON.stringify(found.record?.status)}, expected remembered`)
      if (state === 'sessionLost') {
        // revoked: the session removed; another user's: left as that tab stored it
        if (after.context.lost === 'revoked' ? session : canonical(session) !== canonical(OTHER_SESSION))
          fail(`the stored session is ${session ? session.userId : 'gone'} after the page found it over (${after.context.lost})`)
      } else {
        const signedIn = !SIGNED_OUT[state]
        if (signedIn && session?.tokens.accessToken !== this.server.tokens?.access) fail('the stored session is not the one signed in')
        if (!signedIn && session) fail('a session left in storage after the sign-out')
      }
    }
    if (JSON.stringify(this.client.getPersistedSnapshot()).includes(TOTP_SECRET)) fail('the TOTP secret in the persisted snapshot')
    if (this.page && !after.context.enrolling && JSON.stringify(this.page.getPersistedSnapshot()).includes(TOTP_SECRET))
      fail("the TOTP secret is still in the page's snapshot")
  }

  /**
   * After a fault: nothing secret shown, a bounded snapshot and number of calls, no device record
   * corrupted, a typed error. A page call answered "Access Token has been revoked" ends the page and the
   * session (signedOut, the stored session removed, the device record kept). Another failed page call
   * leaves signedIn with the error in view.profile (and, when its step's first call failed, nothing else
   * of the step applied); the session, its tokens and the device record as they were; and the page
   * usable: the same command again after a transient failure reaches what the model says, else the page
   * reads the user again (a failed GlobalSignOut after ChangePassword, see checkOthersLeft). A failed task of the session
   * beside the page leaves the page as it was (or, the session over at Cognito, signs out and stops it); a
   * failed RevokeToken still signs out and stops the page; a failure in the sign-in again after a new
   * password, see checkSignInAgainFault.
   */
  private async checkFault(view: AuthView, step: ProfileStep): Promise<RunResult['faultOutcome']> {
    const { after, event } = step
    const kind = this.fault!.kind
    const index = this.fault!.index
    const label = this.cognito.calls[index]!
    const at = `${kind} at call ${index + 1} (${label})`
    const error = 'error' in view ? view.error : null
    const page = pageOf(view)
    const outcome = { step: view.step, code: (page?.error as string | null | undefined) ?? error?.code ?? null }
    this.assertNoSecrets(`after the ${kind} fault`)
    const size = JSON.stringify(this.client.getPersistedSnapshot()).length
    if (size > 65_536) throw new Error(`${at}: the persisted snapshot grew to ${size} characters`)
    const extra = this.cognito.calls.length - index - 1
    if (extra > 3) throw new Error(`${at}: ${extra} more calls after the fault: a loop?`)
    const found = await deviceStore(this.storage, SCOPE).find(USER.username)
    if (found.dropped) throw new Error(`${at} corrupted the device record: ${found.dropped}`)
    if (!profileFaultable(this.calls[index]!)) throw new Error(`${at}: a call made before any page (see profileFaultable)`)
    const afterPage = this.calls[index]!.state.startsWith(AFTER_PAGE)
    const statusError = event.type === 'CONFIRM_TOTP' && event.answer === 'statusError'
    if (this.cognito.faultInert || (label === 'VerifySoftwareToken' && kind === 'oversized' && statusError)) {
      // Cognito refused the call anyway (nothing to damage), or said Status ERROR, after which the client
      // reads nothing (an oversized Session beside it changes nothing): the step ends as the model says
      this.checkView(view, after, event)
      return outcome
    }
    const transient = TRANSIENT.has(kind)
    if (afterPage && label !== 'RevokeToken') return this.checkSignInAgainFault(view, step, at, outcome)
    if (label === 'RevokeToken') {
      // the tokens go whatever RevokeToken said, and the page with the session
      if (view.step !== 'signedOut' || error?.code !== FAULT_CODES[kind]) throw new Error(`${at} gave ${brief(view)}`)
      if (this.page?.getSnapshot().status === 'active') throw new Error(`${at}: the page outlived the session`)
      if (await sessionStore(this.storage, SCOPE).load()) throw new Error(`${at}: the session is still stored`)
      return outcome
    }
    if (label === 'ListDevices' && error && /^(NOT_AUTHORIZED|SESSION_EXPIRED)$/.test(error.code)) {
      // the session's own task told the session is over at Cognito: signed out, the page with it
      if (view.step !== 'signedOut' || error.code !== FAULT_CODES[kind]) throw new Error(`${at} gave ${brief(view)}`)
      if (this.page?.getSnapshot().status === 'active') throw new Error(`${at}: the page outlived the session`)
      if (await sessionStore(this.storage, SCOPE).load()) throw new Error(`${at}: the session is still stored`)
      return outcome
    }
    if (event.type === 'CHANGE_PASSWORD' && label === 'GlobalSignOut') return this.checkOthersLeft(view, at, outcome)
    if (kind === 'notAuthorized') {
      // "Access Token has been revoked" at a page call: the session is over at Cognito. The page ends, and
      // the session with it, as its own tasks end it: signedOut with the error (not retryable), the stored
      // session removed, the device record kept, and nothing more asked of Cognito
      if (view.step !== 'signedOut' || error?.code !== 'NOT_AUTHORIZED' || error.retryable) throw new Error(`${at} gave ${brief(view)}`)
      if (this.page?.getSnapshot().status !== 'done') throw new Error(`${at}: the page did not end with the session`)
      if (await sessionStore(this.storage, SCOPE).load()) throw new Error(`${at}: the revoked session is still stored`)
      if (found.record?.status !== 'remembered' || found.record.deviceKey !== this.deviceKey)
        throw new Error(`${at} lost the device record`)
      if (extra !== 0) throw new Error(`${at}: ${extra} calls after the session was found over`)
      return outcome
    }
    if (event.type === 'GIVEN' && label === 'GlobalSignOut') {
      // the reset's GlobalSignOut: signed in with the new password, the other sessions not ended. The client
      // shows a retryable error in a page the user never opened, which no command retries (retry() is refused,
      // resetPassword is not taken when signed in), and says nothing of the reset: a defect reported to be
      // fixed in src/, so only the typed error is checked here
      const shown = view.step === 'signedIn' ? (view.profile?.error ?? view.error) : null
      if (shown?.code !== FAULT_CODES[kind]) throw new Error(`${at} gave ${brief(view)}`)
      return outcome
    }
    if (view.step !== 'signedIn' || view.busy !== null) throw new Error(`${at} left signedIn: ${brief(view)}`)
    if (found.record?.status !== 'remembered' || found.record.deviceKey !== this.deviceKey) throw new Error(`${at} lost the device record`)
    if ((await sessionStore(this.storage, SCOPE).load())?.tokens.accessToken !== this.server.tokens?.access)
      throw new Error(`${at}: the session is no longer stored`)
    if (label === 'ListDevices') {
      // a task of the session: its error in the view, the page untouched beside it; retry() runs it again
      if (error?.code !== FAULT_CODES[kind] || error.retryable !== transient) throw new Error(`${at} gave ${brief(view)}`)
      if (canonical(page) !== canonical(this.pageBefore)) throw new Error(`${at} changed the page: ${canonical(page)}`)
      if (transient) {
        const again = await settle(this.client.retry(), `retry after ${at}`)
        this.checkView(again, after, event)
        await this.checkStorage(after, `retry after ${at}`)
      }
      return outcome
    }
    // a call of the page: the error in the page, typed; the session's view without one
    const shown = view.profile?.error
    if (error) throw new Error(`${at}: the page's failure shows as the session's (${error.code})`)
    if (shown?.code !== FAULT_CODES[kind])
      throw new Error(`${at} gave ${brief(view)} with page error ${shown?.code}, expected ${FAULT_CODES[kind]}`)
    if (shown.retryable !== transient) throw new Error(`${at}: retryable is ${shown.retryable}, expected ${transient}`)
    if (this.page?.getSnapshot().status !== 'active') throw new Error(`${at}: the page stopped`)
    if (index === this.stepStart) {
      // the step's first call failed, so Cognito changed nothing: the page as it was, with the error. (A
      // later call's failure, after Cognito took the first, is the GetUser that reads the page after a
      // change: the page then says the error, and is read again below.)
      const expected = canonical({ ...(this.pageBefore ?? NO_PAGE), error: FAULT_CODES[kind], notice: null })
      if (canonical(page) !== expected) throw new Error(`${at}: view.profile ${canonical(page)}, expected ${expected}`)
    }
    if (transient && index === this.stepStart) {
      // Cognito saw nothing of the step: the same command again reaches what the model says
      const again = await settle(this.lastAct!(), `acting again after ${at}`)
      if (this.cognito.replies.length)
        throw new Error(`${at}: calls still expected after acting again: ${JSON.stringify(this.cognito.replies.map((r) => r.label))}`)
      this.checkView(again, after, event)
      await this.checkStorage(after, `acting again after ${at}`)
      this.assertNoSecrets(`after acting again after ${at}`)
      return outcome
    }
    await this.readAgain(at)
    return outcome
  }

  /** The page reads Cognito's side of the user again, whatever the step left there (the code and the enrolment under way as they were before it). */
  private async readAgain(at: string): Promise<void> {
    const before = this.pageBefore ?? NO_PAGE
    this.cognito.replies = [this.server.getUser()]
    const loaded = await settle(this.client.loadProfile(), `loadProfile after ${at}`)
    const mfa = this.server.mfa
    const read = canonical({
      ...before,
      attributes: this.server.attributes,
      mfa: { enabled: mfa.enabled, preferred: mfa.preferred },
      error: null,
      notice: null,
    })
    if (loaded.step !== 'signedIn' || canonical(pageOf(loaded)) !== read)
      throw new Error(`loadProfile after ${at} gave ${brief(loaded)}: ${canonical(pageOf(loaded))}, expected ${read}`)
    this.assertNoSecrets(`after loadProfile after ${at}`)
  }

  /**
   * A fault at the GlobalSignOut after ChangePassword went through (signOutOthers): the page says both,
   * the notice passwordChanged and the sign-out's error (typed, retryable as the fault is); there is no
   * sign-in again, the session goes on (signedIn, its tokens and the device record kept, the page still
   * open) and the page reads the user again. "Access Token has been revoked" here is shown the same way:
   * whether the session should then end is not checked (the chart's partlyDone keeps it).
   */
  private async checkOthersLeft(view: AuthView, at: string, outcome: RunResult['faultOutcome']): Promise<RunResult['faultOutcome']> {
    const kind = this.fault!.kind
    const shown = view.step === 'signedIn' ? view.profile : null
    if (shown?.notice !== 'passwordChanged' || shown.error?.code !== FAULT_CODES[kind] || shown.error.retryable !== TRANSIENT.has(kind))
      throw new Error(
        `${at} gave ${brief(view)} with page ${canonical(pageOf(view))}, expected notice passwordChanged and ${FAULT_CODES[kind]}`,
      )
    if (this.server.password !== NEW_PASSWORD) throw new Error(`${at}: the password did not change`)
    const extra = this.cognito.calls.length - this.fault!.index - 1
    if (extra !== 0) throw new Error(`${at}: ${extra} calls after it (a sign-in again?)`)
    if (kind === 'notAuthorized') return outcome
    if (view.step !== 'signedIn' || view.busy !== null || view.error || view.notice !== null)
      throw new Error(`${at}: the session's view ${brief(view)}`)
    if (this.page?.getSnapshot().status !== 'active') throw new Error(`${at}: the page stopped`)
    const found = await deviceStore(this.storage, SCOPE).find(USER.username)
    if (found.record?.status !== 'remembered' || found.record.deviceKey !== this.deviceKey) throw new Error(`${at} lost the device record`)
    if ((await sessionStore(this.storage, SCOPE).load())?.tokens.accessToken !== this.server.tokens?.access)
      throw new Error(`${at}: the session is no longer stored`)
    await this.readAgain(at)
    return outcome
  }

  /**
   * A fault in the sign-in again after GlobalSignOut. The password is changed at Cognito and every
   * session ended, so nothing can be undone: the page is over, and the sign-in with the new password ends
   * as any such sign-in does (the sign-in model's driver checks those states the same way). The user is
   * told: the name kept, and the notice passwordChanged beside the error (a device Cognito no longer
   * knows says so instead); a transient failure in device SRP is retried to what the model says; "Device
   * does not exist." at InitiateAuth signs in as a new device.
   */
  private async checkSignInAgainFault(view: AuthView, step: ProfileStep, at: string, outcome: RunResult['faultOutcome']) {
    const { after, event } = step
    const kind = this.fault!.kind
    const label = this.cognito.calls[this.fault!.index]!
    if (this.page?.getSnapshot().status !== 'done') throw new Error(`${at}: the page did not end`)
    if (this.server.password !== NEW_PASSWORD) throw new Error(`${at}: the password did not change`)
    const error = 'error' in view ? view.error : null
    const found = await deviceStore(this.storage, SCOPE).find(USER.username)
    if (kind === 'staleDevice' && label === 'InitiateAuth:USER_PASSWORD_AUTH') {
      if (view.step !== 'signedIn' || view.device?.deviceKey !== this.deviceKey || found.record?.deviceKey !== this.deviceKey)
        throw new Error(`${at} gave ${brief(view)}, expected signed in as a new device`)
      if (view.notice !== 'staleDevice') throw new Error(`${at}: notice ${view.notice}`)
      return outcome
    }
    const code = kind === 'loop' ? 'UNEXPECTED_RESPONSE' : FAULT_CODES[kind]
    if ((view.step !== 'signedOut' && view.step !== 'failed') || error?.code !== code)
      throw new Error(`${at} gave ${brief(view)}, expected ${code}`)
    if (view.username !== USER.username) throw new Error(`${at}: the name is not kept for the sign-in with the new password`)
    const notice = kind === 'staleDevice' ? 'staleDevice' : 'passwordChanged'
    if (view.notice !== notice) throw new Error(`${at}: notice ${view.notice}, expected ${notice}`)
    // the session GlobalSignOut revoked was removed before this sign-in: no failure leaves it for a reload to restore
    if (await sessionStore(this.storage, SCOPE).load()) throw new Error(`${at}: the revoked session is still stored`)
    if (kind === 'staleDevice' ? found.record !== null : found.record?.deviceKey !== this.deviceKey)
      throw new Error(`${at}: the device record is ${JSON.stringify(found.record?.status ?? null)}`)
    // DEVICE_SRP_AUTH's session is spent once it was answered: a failure at the verifier cannot be retried
    const retryable = TRANSIENT.has(kind) && label !== 'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER'
    if (error.retryable !== retryable) throw new Error(`${at}: retryable is ${error.retryable}, expected ${retryable}`)
    if (view.step === 'failed' && retryable) {
      const again = await settle(this.client.retry(), `retry after ${at}`)
      this.checkView(again, after, event)
      await this.checkStorage(after, `retry after ${at}`)
      this.assertNoSecrets(`after retrying ${at}`)
    }
    return outcome
  }
}
