// Drives the real client (real machine, real SRP) along one model path against the scripted Cognito,
// checking at every step the view (with the error a step shows), the Cognito calls made, the stored
// device record, that no secret shows in the persisted snapshot, the view or an error, that every command
// the step does not take is refused and changes nothing, and that a waiting step restored after its auth
// session expired says so. Optionally injects one fault at one call.
import { fromCognitoError, type AuthCommandName, type AuthView } from '../../src/index'
import { PROFILE_COMMANDS } from '../../src/commands'
import { deviceStore, type DeviceRecord } from '../../src/machine/index'
import { sessionStore } from '../../src/machine/sessionStore'
import { createDeviceVerifier } from '../../src/srp'
import { softwareAuthenticator } from '../../src/testing/softwareAuthenticator'
import { ClientRun, CLIENT_SECRET, type RunResult } from './clientRun'
import { FAULT_CODES } from './faults'
import {
  DEVICE_CHECK_FAILED,
  factorOf,
  presentsKey,
  replacesKey,
  withFactor,
  type Confirm,
  type FirstAnswer,
  type ModelContext,
  type ModelEvent,
} from './protocolModel'
import { CLIENT, POOL, RIGHT_CODE, TOTP_SECRET, USER, WRONG_CODE, type Answer, type Reply } from './scriptedCognito'
import { brief, describe, isWaiting, settle, waitSettled } from './views'
import {
  DAY,
  TRUST_DAYS,
  NEW_PASSWORD,
  WRONG_PASSWORD,
  CODE_KEYS,
  CHANNELS,
  MFA_PARAMETERS,
  FIRST_CHALLENGES,
  OFFERED,
  ORIGIN,
} from './fixtures'

export type { RunResult }

interface ModelStep {
  event: ModelEvent
  before: { value: unknown; context: ModelContext }
  after: { value: unknown; context: ModelContext }
}

/**
 * The commands each step takes, written from the protocol (not read from the machine): every other
 * command must be refused there and change nothing.
 */
const TAKES: Record<string, readonly AuthCommandName[]> = {
  // the account commands open their flows from here (another chart, with its own model)
  signedOut: ['signIn', 'signUp', 'confirmSignUp', 'forgotPassword'],
  mfaCode: ['submitCode', 'cancel'],
  selectMfa: ['selectMfa', 'cancel'],
  totpSetup: ['confirmTotpSetup', 'cancel'],
  newPassword: ['submitNewPassword', 'cancel'],
  customChallenge: ['answerCustomChallenge', 'cancel'],
  selectChallenge: ['selectChallenge', 'cancel'],
  passkey: ['usePasskey', 'cancel'],
  rememberDevice: ['rememberDevice', 'cancel'],
  // the account page's commands open it from here (another chart, with its own tests)
  signedIn: ['signOut', 'forgetDevice', 'listDevices', 'refresh', ...(PROFILE_COMMANDS as ReadonlySet<AuthCommandName>)],
  failed: ['cancel'],
}

/** The commands a view takes: its step's, `rememberDevice` when signed in with a device, `retry` after a retryable failure. */
export function taken(view: AuthView): Set<AuthCommandName> {
  const names = new Set(TAKES[view.step] ?? [])
  if (view.step === 'signedIn' && view.device) names.add('rememberDevice')
  if ((view.step === 'signedIn' || view.step === 'failed') && view.error?.retryable) names.add('retry')
  return names
}

/** The client's authFlow for each model flow. */
const FLOWS = { srp: 'USER_SRP_AUTH', password: 'USER_PASSWORD_AUTH', custom: 'CUSTOM_AUTH', userAuth: 'USER_AUTH' } as const

/** A challenge Cognito answers with (its parameters the fixtures', WEB_AUTHN's made by the scripted Cognito). */
const challenge = (name: string): Answer => ({
  kind: 'challenge',
  name,
  ...(MFA_PARAMETERS[name] ? { parameters: MFA_PARAMETERS[name] } : {}),
})

/** One path through the model, driven against a fresh client and a fresh scripted Cognito. */
export class PathRun extends ClientRun {
  private flow: ModelContext['flow'] = 'srp'
  /** The device key the client holds locally (stale or not). */
  private localKey: string | null = null
  /** The key of the expired device the client must forget after sign-in. */
  private expiredKey: string | null = null
  /** The key the remember prompt and the signed-in view are about. */
  private currentKey: string | null = null
  /** The user's authenticator (USER_AUTH's passkey), the client's WebAuthn adapter. */
  private readonly authenticator = softwareAuthenticator({ origin: ORIGIN })
  /** USER_AUTH: what Cognito answers the sign-in again without the key, after "Device does not exist." at its start. */
  private staleAgain: Reply[] = []

  /**
   * What Cognito answers after "Device does not exist." at sign-in: the client signs in again as a new
   * device, and this user is then asked for MFA. Elsewhere nothing more is scripted.
   */
  protected override staleRecovery(label: string): Reply[] {
    const mfa: Answer = { kind: 'challenge', name: 'SOFTWARE_TOKEN_MFA' }
    const cog = this.cognito
    if (this.flow === 'userAuth') return this.staleAgain
    if (label === 'InitiateAuth:USER_PASSWORD_AUTH') return [cog.start('USER_PASSWORD_AUTH', null, mfa)]
    if (label === 'InitiateAuth:USER_SRP_AUTH' || label === 'RespondToAuthChallenge:PASSWORD_VERIFIER')
      return [cog.srpStart('USER_SRP_AUTH', null), cog.srpVerify(null, mfa)]
    return []
  }

  private clientAt(snapshot?: unknown, clock: { t: number } = this.clock) {
    return this.newClient({
      authFlow: FLOWS[this.flow],
      webAuthn: this.authenticator,
      trust: { days: TRUST_DAYS },
      clock: { now: () => clock.t },
      ...(snapshot ? { snapshot: snapshot as never } : {}),
    })
  }

  /** Runs the path; throws on the first mismatch. */
  async run(steps: ModelStep[]): Promise<RunResult> {
    return this.play(steps, (step) => this.step(step))
  }

  private async step(step: ModelStep): Promise<RunResult['faultOutcome'] | undefined> {
    const { event, before, after } = step
    const { view, made } = await this.perform(await this.plan(event, before.context), event.type, describe(event))
    if (!made) return this.checkFault(view, step)
    this.checkView(view, after, event)
    // the TOTP secret is on screen during enrolment only: gone from the snapshot once the first code is verified
    if (after.value !== 'totpSetup' && JSON.stringify(this.client.getPersistedSnapshot()).includes(TOTP_SECRET)) {
      throw new Error(`${describe(event)}: the TOTP secret is still in the persisted snapshot`)
    }
    this.log.push({ calls: made, step: view.step })
    await this.checkRecord(after)
    this.assertNoSecrets(`after ${describe(event)}`)
    if (after.value !== 'done' && after.value !== 'cancelled' && after.value !== 'refused') await this.checkRefusals(view, taken(view))
    if (isWaiting(view) && after.value !== 'done' && after.value !== 'cancelled') await this.restoreFromSnapshot(view)
    return undefined
  }

  /**
   * A waiting step survives a reload: a new client from the persisted snapshot shows the same step. The
   * same snapshot restored after the auth session's life (3 minutes) ends with SESSION_EXPIRED instead,
   * without a call and without a secret left on screen.
   */
  private async restoreFromSnapshot(view: AuthView): Promise<void> {
    const snapshot = JSON.parse(JSON.stringify(this.client.getPersistedSnapshot()))
    this.client.stop()
    if (view.step !== 'rememberDevice') {
      const calls = this.cognito.calls.length
      const late = this.clientAt(snapshot, { t: this.clock.t + 3 * 60_000 + 1 })
      const expired = await waitSettled(late.start())
      late.stop()
      if (expired.step !== 'signedOut' || expired.error?.code !== 'SESSION_EXPIRED') {
        throw new Error(`${view.step} restored after its session expired: ${brief(expired)}`)
      }
      if (this.cognito.calls.length !== calls) throw new Error(`restoring an expired ${view.step} called Cognito`)
      if (JSON.stringify(expired).includes(TOTP_SECRET)) throw new Error('an expired TOTP setup still shows its secret')
    }
    this.client = this.clientAt(snapshot)
    this.client.start()
    const restored = this.client.getView()
    if (restored.step !== view.step) throw new Error(`restored ${restored.step}, was ${view.step}`)
  }

  // ---- what each model event does, and what Cognito must see ----

  private async plan(event: ModelEvent, c: ModelContext): Promise<{ replies: Reply[]; act: () => Promise<AuthView> }> {
    const cog = this.cognito
    const key = presentsKey(c) ? this.localKey : null
    this.staleAgain = []
    switch (event.type) {
      case 'GIVEN':
        await this.given(event)
        return { replies: [], act: () => waitSettled(this.client.start()) }
      case 'SIGN_IN': {
        if (this.flow === 'userAuth') return this.userAuthSignIn(event.answer, c, key, event.confirm)
        const password = event.answer === 'wrongPassword' ? WRONG_PASSWORD : USER.password
        const act = () => this.client.signIn(this.flow === 'custom' ? { username: USER.username } : { username: USER.username, password })
        const { next, after } = this.firstAnswer(event.answer, c, event.confirm)
        if (this.flow === 'custom') return { replies: [cog.start('CUSTOM_AUTH', null, next), ...after], act }
        if (this.flow === 'password') return { replies: [cog.start('USER_PASSWORD_AUTH', key, next), ...after], act }
        const stale = c.device === 'stale' ? [cog.srpStart('USER_SRP_AUTH', this.localKey)] : []
        if (event.answer === 'wrongPassword') return { replies: [cog.srpStart('USER_SRP_AUTH', key), cog.srpVerify(key, next)], act }
        return { replies: [...stale, cog.srpStart('USER_SRP_AUTH', key), cog.srpVerify(key, next), ...after], act }
      }
      case 'SUBMIT_CODE': {
        const name = c.mfa!
        const act = () => this.client.submitCode(event.right ? RIGHT_CODE : WRONG_CODE)
        const expect = { [CODE_KEYS[name]]: RIGHT_CODE }
        if (!event.right) return { replies: [cog.respond(name, expect, { kind: 'tokens', newDevice: false }, key)], act }
        if (event.sessionSpent) {
          // Cognito ended the session after the wrong answers: even the right code is refused, as an invalid session
          const spent: Reply = {
            label: `RespondToAuthChallenge:${name}`,
            respond: () => Promise.reject(fromCognitoError('NotAuthorizedException', 'Invalid session for the user.', 400)),
          }
          return { replies: [spent], act }
        }
        const { next, after } = this.finalAnswer(c, event.confirm)
        return { replies: [cog.respond(name, expect, next, key), ...after], act }
      }
      case 'SELECT_MFA':
        return {
          replies: [
            cog.respond(
              'SELECT_MFA_TYPE',
              { ANSWER: event.mfa },
              { kind: 'challenge', name: event.mfa, parameters: MFA_PARAMETERS[event.mfa] },
              key,
            ),
          ],
          act: () => this.client.selectMfa(event.mfa),
        }
      case 'CONFIRM_TOTP': {
        const act = () => this.client.confirmTotpSetup(event.right ? RIGHT_CODE : WRONG_CODE)
        const verify: Reply = {
          label: 'VerifySoftwareToken',
          respond: (input) => {
            if (input.UserCode !== RIGHT_CODE)
              throw fromCognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA', 400)
            return { Status: 'SUCCESS', Session: 'session-verified' }
          },
        }
        if (!event.right) return { replies: [verify], act }
        const { next, after } = this.finalAnswer(c, event.confirm)
        return { replies: [verify, cog.respond('MFA_SETUP', {}, next, key), ...after], act }
      }
      case 'SUBMIT_NEW_PASSWORD': {
        const { next, after } = this.finalAnswer(c, event.confirm)
        return {
          replies: [cog.respond('NEW_PASSWORD_REQUIRED', { NEW_PASSWORD, 'userAttributes.name': 'Ana' }, next, key), ...after],
          act: () => this.client.submitNewPassword({ password: NEW_PASSWORD, attributes: { name: 'Ana' } }),
        }
      }
      case 'ANSWER': {
        const act = () => this.client.answerCustomChallenge(event.right ? '42' : '41')
        if (!event.right) {
          return {
            replies: [
              cog.respond(
                'CUSTOM_CHALLENGE',
                { ANSWER: '41' },
                { kind: 'challenge', name: 'CUSTOM_CHALLENGE', parameters: FIRST_CHALLENGES.CUSTOM_CHALLENGE },
                null,
              ),
            ],
            act,
          }
        }
        const { next, after } = this.finalAnswer(c, event.confirm)
        return { replies: [cog.respond('CUSTOM_CHALLENGE', { ANSWER: '42' }, next, key), ...after], act }
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
        return { replies: [status, ...this.forgetExpired()], act: () => this.client.rememberDevice(event.remember) }
      }
      case 'SELECT_CHALLENGE':
        return this.choice(event, c, key)
      case 'USE_PASSKEY': {
        const act = () => this.client.usePasskey()
        // dismissed: the ceremony throws before any call
        if (event.outcome === 'cancelled') return { replies: [], act: () => (this.authenticator.cancelNext(), act()) }
        const { next, after } = this.finalAnswer(c, event.confirm)
        return { replies: [cog.webAuthn(key, next), ...after], act }
      }
      case 'END':
        return this.ending(event.ending, c)
      case 'CANCEL':
        return { replies: [], act: () => this.client.cancel() }
    }
  }

  /**
   * USER_AUTH's start: the password alone (PREFERRED_CHALLENGE PASSWORD_SRP, then PASSWORD_VERIFIER), a code or a
   * passkey asked for (preferredChallenge), or neither (Cognito lists the factors). After "Device does not exist."
   * at the start, the same again without the key: the user is then asked for MFA, or gets the factor or the list.
   */
  private userAuthSignIn(answer: FirstAnswer, before: ModelContext, key: string | null, confirm: Confirm | undefined) {
    const cog = this.cognito
    const c = withFactor(before, factorOf(before, answer))
    if (c.factor === 'PASSWORD_SRP') {
      const password = answer === 'wrongPassword' ? WRONG_PASSWORD : USER.password
      const act = () => this.client.signIn({ username: USER.username, password })
      const { next, after } = this.firstAnswer(answer, c, confirm)
      this.staleAgain = [cog.userAuthStart(null, 'PASSWORD_SRP'), cog.srpVerify(null, challenge('SOFTWARE_TOKEN_MFA'))]
      if (answer === 'wrongPassword') return { replies: [cog.userAuthStart(key, 'PASSWORD_SRP'), cog.srpVerify(key, next)], act }
      return { replies: [cog.userAuthStart(key, 'PASSWORD_SRP'), cog.srpVerify(key, next), ...after], act }
    }
    const preferred = c.factor
    const act = () => this.client.signIn({ username: USER.username, ...(preferred ? { preferredChallenge: preferred } : {}) })
    const first = challenge(answer)
    this.staleAgain = [cog.userAuthStart(null, preferred, first)]
    return { replies: [cog.userAuthStart(key, preferred, first)], act }
  }

  /** The selectChallenge step's choice: refused before any call when not offered, else SELECT_CHALLENGE with what it needs. */
  private choice(event: Extract<ModelEvent, { type: 'SELECT_CHALLENGE' }>, before: ModelContext, key: string | null) {
    const cog = this.cognito
    const factor = event.challenge
    // an MFA method is no first factor: not among AvailableChallenges
    if (factor === 'notOffered') return { replies: [], act: () => this.client.selectChallenge({ challenge: 'SMS_MFA' as never }) }
    const c = withFactor(before, factor)
    const password = factor === 'PASSWORD' || factor === 'PASSWORD_SRP' ? { password: USER.password } : {}
    const act = () => this.client.selectChallenge({ challenge: factor, ...password })
    if (factor === 'EMAIL_OTP' || factor === 'SMS_OTP' || factor === 'WEB_AUTHN')
      return { replies: [cog.choose(factor, key, challenge(factor))], act }
    const { next, after } = this.finalAnswer(c, event.confirm)
    if (factor === 'PASSWORD') return { replies: [cog.choose(factor, key, next), ...after], act }
    return { replies: [cog.choose(factor, key), cog.srpVerify(key, next), ...after], act }
  }

  private async given(event: Extract<ModelEvent, { type: 'GIVEN' }>): Promise<void> {
    this.flow = event.flow
    if (event.flow === 'userAuth') await this.cognito.passkey.register(this.authenticator)
    this.secret = event.secret === true
    this.cognito.clientSecret = this.secret ? CLIENT_SECRET : null
    if (event.device !== 'none') {
      const deviceKey = `us-east-1_${crypto.randomUUID()}`
      const deviceGroupKey = '-givenGroup'
      const verifier = await createDeviceVerifier({ deviceGroupKey, deviceKey })
      const now = this.clock.t
      const record: DeviceRecord = {
        version: 1,
        userId: USER.userId,
        deviceKey,
        deviceGroupKey,
        devicePassword: verifier.devicePassword,
        status: event.device === 'notRemembered' ? 'not_remembered' : 'remembered',
        // a period of TRUST_DAYS from confirmation: expired past it, the others 20 days into it
        confirmedAt: event.device === 'expired' ? now - (TRUST_DAYS + 1) * DAY : now - 20 * DAY,
        trustedUntil: event.device === 'notRemembered' ? null : now + (event.device === 'expired' ? -1 : TRUST_DAYS - 20) * DAY,
      }
      await deviceStore(this.storage, { userPoolId: POOL, clientId: CLIENT }).save(record, [USER.username, USER.userId])
      if (event.device !== 'stale') this.cognito.knowDevice(deviceKey, deviceGroupKey, verifier.passwordVerifier, verifier.salt)
      this.localKey = deviceKey
      if (event.device === 'expired') this.expiredKey = deviceKey
      if (event.device === 'remembered' || event.device === 'notRemembered') this.currentKey = deviceKey
    }
    this.client = this.clientAt()
  }

  /** Cognito's answer to the first factor, and the calls that follow without user input. */
  private firstAnswer(answer: string, c: ModelContext, confirm: Confirm | undefined): { next: Answer; after: Reply[] } {
    if (answer === 'tokens') return this.finalAnswer(c, confirm)
    if (answer === 'deviceSrp') return { next: { kind: 'deviceSrp' }, after: this.cognito.deviceSrp(this.localKey!) }
    if (answer === 'wrongPassword') return { next: { kind: 'tokens', newDevice: false }, after: [] }
    const after =
      answer === 'MFA_SETUP'
        ? [this.cognito.plain('AssociateSoftwareToken', { SecretCode: TOTP_SECRET, Session: 'session-associated' })]
        : []
    return { next: { kind: 'challenge', name: answer, parameters: FIRST_CHALLENGES[answer] }, after }
  }

  /**
   * Cognito accepts the last challenge: device SRP for a presented key (after MFA, then GetDevice with
   * what Cognito holds for the device), else tokens for a new device and its confirmation.
   */
  private finalAnswer(c: ModelContext, confirm: Confirm | undefined): { next: Answer; after: Reply[] } {
    if (presentsKey(c) && !replacesKey(c)) {
      // a passwordless first factor's code is no MFA: no device check after it
      const check = c.mfa && !c.passwordless ? [this.cognito.getDevice(this.localKey!, c.server === 'remembered')] : []
      return { next: { kind: 'deviceSrp' }, after: [...this.cognito.deviceSrp(this.localKey!), ...check] }
    }
    // a new key although this one was presented: the old one is forgotten once the new one is kept
    if (replacesKey(c)) this.expiredKey = this.localKey
    const confirmDevice = this.cognito.confirmDevice(confirm === 'prompt')
    const respond = confirmDevice.respond
    confirmDevice.respond = (input) => {
      this.currentKey = this.cognito.issuedKey
      this.localKey = this.cognito.issuedKey
      return respond(input)
    }
    return { next: { kind: 'tokens', newDevice: true }, after: [confirmDevice, ...(confirm === 'always' ? this.forgetExpired() : [])] }
  }

  private forgetExpired(): Reply[] {
    const key = this.expiredKey
    if (!key) return []
    return [
      {
        label: 'ForgetDevice',
        respond: (input) =>
          input.DeviceKey === key ? ((this.expiredKey = null), {}) : Promise.reject(new Error('forgot the wrong device')),
      },
    ]
  }

  private ending(ending: string, c: ModelContext): { replies: Reply[]; act: () => Promise<AuthView> } {
    const cog = this.cognito
    const refresh: Reply = {
      label: 'InitiateAuth:REFRESH_TOKEN_AUTH',
      respond: (input) => {
        const params = input.AuthParameters as Record<string, string>
        const expectedKey = c.device === 'none' ? (this.currentKey ?? undefined) : this.currentKey
        if (params.DEVICE_KEY !== (expectedKey ?? undefined))
          throw new Error(`refresh DEVICE_KEY ${params.DEVICE_KEY}, expected ${expectedKey}`)
        return {
          AuthenticationResult: { AccessToken: 'eyJhbGciOiJub25lIn0.e30.c2ln', IdToken: 'eyJhbGciOiJub25lIn0.e30.c2ln', ExpiresIn: 3600 },
        }
      },
    }
    switch (ending) {
      case 'signOut':
        return { replies: [cog.plain('RevokeToken')], act: () => this.client.signOut() }
      case 'globalSignOut':
        return { replies: [cog.plain('GlobalSignOut')], act: () => this.client.signOut({ global: true }) }
      case 'forgetDevice':
        return { replies: [cog.plain('ForgetDevice', {}, this.currentKey ?? '')], act: () => this.client.forgetDevice() }
      case 'listDevices':
        return {
          replies: [
            cog.plain('ListDevices', {
              Devices: [
                {
                  DeviceKey: this.currentKey ?? 'us-east-1_other',
                  DeviceAttributes: [{ Name: 'dev:device_remembered_status', Value: 'remembered' }],
                },
              ],
            }),
          ],
          act: async () => (await this.client.listDevices().catch(() => null), this.client.getView()),
        }
      case 'refresh':
        return {
          replies: [refresh],
          act: async () => ((this.clock.t += 3600_000 - 60_000), await this.client.getTokens().catch(() => null), this.client.getView()),
        }
      case 'trustLapses':
        return {
          replies: [
            refresh,
            {
              label: 'UpdateDeviceStatus',
              respond: (input) =>
                input.DeviceRememberedStatus === 'not_remembered' ? {} : Promise.reject(new Error('expected not_remembered')),
            },
          ],
          act: async () => (
            (this.clock.t += (TRUST_DAYS + 1) * DAY),
            await this.client.getTokens().catch(() => null),
            this.client.getView()
          ),
        }
      case 'toggleRemember': {
        const remember = c.device !== 'remembered'
        return {
          replies: [cog.plain('UpdateDeviceStatus', {}, this.currentKey ?? '')],
          act: () => this.client.rememberDevice(remember),
        }
      }
      default: // reload: a new client over the same storage restores the session with no call
        return {
          replies: [],
          act: async () => {
            this.client.stop()
            this.client = this.clientAt()
            return waitSettled(this.client.start())
          },
        }
    }
  }

  // ---- checks ----

  private checkView(view: AuthView, after: ModelStep['after'], event: ModelEvent): void {
    const c = after.context
    const fail = (what: string) => {
      throw new Error(`${describe(event)} -> model ${String(after.value)}: ${what}; view ${brief(view)}`)
    }
    const expectStep = (step: AuthView['step']) => view.step === step || fail(`expected step ${step}`)
    // the error each step shows in place: the model's, and none after a right answer
    const shown = 'error' in view ? (view.error?.code ?? null) : null
    const inPlace = [
      'mfaCode',
      'selectMfa',
      'totpSetup',
      'newPassword',
      'customChallenge',
      'rememberDevice',
      'refused',
      'selectChallenge',
      'passkey',
    ]
    if (inPlace.includes(String(after.value)) && shown !== c.error) fail(`error ${shown}, expected ${c.error}`)
    switch (after.value) {
      case 'signedOut':
      case 'cancelled':
        expectStep('signedOut')
        if (shown !== null) fail('an error after a cancel')
        break
      case 'refused':
        expectStep('signedOut')
        if (view.step === 'signedOut' && view.username !== USER.username) fail('the refused username is not kept for the form')
        break
      case 'mfaCode':
        expectStep('mfaCode')
        if (view.step === 'mfaCode' && view.channel !== CHANNELS[c.mfa!]) fail(`channel ${view.channel}`)
        if (
          view.step === 'mfaCode' &&
          c.mfa !== 'SOFTWARE_TOKEN_MFA' &&
          view.destination !== MFA_PARAMETERS[c.mfa!]!.CODE_DELIVERY_DESTINATION
        )
          fail('destination')
        break
      case 'selectMfa':
        expectStep('selectMfa')
        if (view.step === 'selectMfa' && view.options.length !== 3) fail('options')
        break
      case 'totpSetup':
        expectStep('totpSetup')
        if (view.step === 'totpSetup' && (view.secret !== TOTP_SECRET || !view.otpauthUri.includes(TOTP_SECRET))) fail('secret')
        break
      case 'newPassword':
        expectStep('newPassword')
        if (view.step === 'newPassword' && view.requiredAttributes.join() !== 'name') fail('requiredAttributes')
        break
      case 'selectChallenge':
        expectStep('selectChallenge')
        if (view.step === 'selectChallenge' && (view.options.join() !== OFFERED.join() || view.username !== USER.username)) fail('options')
        if (
          c.error === 'INVALID_INPUT' &&
          shown &&
          view.step === 'selectChallenge' &&
          view.error?.message !== `Choose one of ${OFFERED.join(', ')}.`
        )
          fail(`refusal ${view.error?.message}`)
        break
      case 'passkey':
        expectStep('passkey')
        if (view.step === 'passkey' && (view.username !== USER.username || (c.error !== null && view.error?.retryable !== true)))
          fail('username, or a cancelled ceremony not retryable')
        break
      case 'customChallenge':
        expectStep('customChallenge')
        if (view.step === 'customChallenge' && view.parameters.question !== FIRST_CHALLENGES.CUSTOM_CHALLENGE!.question) fail('parameters')
        break
      case 'rememberDevice':
        expectStep('rememberDevice')
        if (view.step === 'rememberDevice' && (view.reason !== c.remember || view.deviceKey !== this.currentKey)) fail(`reason/deviceKey`)
        break
      case 'signedIn':
      case 'done': {
        const ending = c.ending
        if (ending === 'signOut' || ending === 'globalSignOut') {
          expectStep('signedOut')
          break
        }
        expectStep('signedIn')
        if (view.step !== 'signedIn') break
        if (view.error) fail(`an error while signed in: ${view.error.code}`)
        if (view.username !== USER.username || view.userId !== USER.userId) fail('username')
        const status = c.device === 'remembered' ? 'remembered' : c.device === 'notRemembered' ? 'not_remembered' : null
        if ((view.device?.status ?? null) !== status) fail(`device status ${view.device?.status}, expected ${status}`)
        if (status && view.device?.deviceKey !== this.currentKey) fail('device key')
        if (ending === 'listDevices' && view.devices?.[0]?.current !== true) fail('devices')
        if (ending === 'refresh' && view.expiresAt <= this.clock.t) fail('expiresAt not refreshed')
        if (ending === 'trustLapses' && view.notice !== 'trustExpired') fail('notice')
        break
      }
      default:
        fail('unknown model state')
    }
    // A dropped stale device is said in the view once sign-in gets past it.
    if (event.type === 'SIGN_IN' && c.device === 'stale' && view.notice !== 'staleDevice') fail('no staleDevice notice')
  }

  /** The stored device record matches the model: right status, never half-written. */
  private async checkRecord(after: ModelStep['after']): Promise<void> {
    const found = await deviceStore(this.storage, { userPoolId: POOL, clientId: CLIENT }).find(USER.username)
    if (found.dropped) throw new Error(`a stored record was unreadable: ${found.dropped}`)
    const record = found.record
    if (record) this.secrets.add(record.devicePassword)
    const c = after.context
    const expected =
      c.device === 'remembered'
        ? 'remembered'
        : c.device === 'notRemembered'
          ? 'not_remembered'
          : c.device === 'expired'
            ? 'expired'
            : c.device === 'stale' && after.value === 'signedOut'
              ? 'remembered'
              : null
    const actual = !record ? null : c.device === 'expired' && record.deviceKey === this.expiredKey ? 'expired' : record.status
    if (actual !== expected) throw new Error(`stored device ${actual}, model ${c.device} in ${String(after.value)}`)
  }

  /**
   * A fault at GetDevice (the check after MFA on a presented key), whatever its kind: the model's
   * DEVICE_CHECK_FAILED, the remember prompt (reasked) for the presented device, with no error and the
   * record as it was; answering the prompt then remembers the device.
   */
  private async checkDeviceCheckFault(view: AuthView, step: ModelStep, at: string): Promise<RunResult['faultOutcome']> {
    const expected = { ...step.after.context, ...DEVICE_CHECK_FAILED }
    if (view.step !== 'rememberDevice' || view.reason !== expected.remember || view.deviceKey !== this.currentKey || view.error)
      throw new Error(`${at} gave ${brief(view)}, expected the remember prompt (${String(expected.remember)})`)
    await this.checkRecord(step.after)
    this.cognito.replies = [
      {
        label: 'UpdateDeviceStatus',
        respond: (input) => {
          if (input.DeviceKey !== this.currentKey || input.DeviceRememberedStatus !== 'remembered')
            throw new Error(`UpdateDeviceStatus ${String(input.DeviceKey)} ${String(input.DeviceRememberedStatus)} after ${at}`)
          return {}
        },
      },
    ]
    const answered = await settle(this.client.rememberDevice(true), `answering the prompt after ${at}`)
    if (answered.step !== 'signedIn' || answered.device?.status !== 'remembered')
      throw new Error(`remembering after ${at} gave ${brief(answered)}`)
    this.assertNoSecrets(`after answering the prompt after ${at}`)
    return { step: view.step, code: null }
  }

  /**
   * A transient fault at PASSWORD_VERIFIER after PASSWORD_SRP was chosen: Cognito spent the choice's session when it
   * answered SELECT_CHALLENGE, so the same answer cannot succeed again. The sign-in ends at once in signedOut with a
   * SESSION_EXPIRED that is not retryable, with no session stored (before 027835f's report it offered the choice
   * again, which Cognito then refused).
   */
  private async spentChoice(view: AuthView, at: string): Promise<RunResult['faultOutcome']> {
    if (view.step !== 'signedOut' || view.error?.code !== 'SESSION_EXPIRED' || view.error.retryable)
      throw new Error(`${at} gave ${brief(view)}, expected signedOut with a SESSION_EXPIRED that is not retryable`)
    if (await sessionStore(this.storage, { userPoolId: POOL, clientId: CLIENT }).load()) throw new Error(`${at} left a session stored`)
    this.assertNoSecrets(`after ${at}`)
    return { step: view.step, code: view.error.code }
  }

  /**
   * After a fault: a typed error in a defined view (or the documented recovery), nothing secret shown, no
   * device record lost or corrupted, a bounded number of calls, a snapshot of bounded size. A transient
   * fault loses nothing: answering again (in a step that takes input) or `retry()` (in `failed` or
   * `signedIn`) reaches exactly what the model says the step leads to.
   */
  private async checkFault(view: AuthView, step: ModelStep): Promise<RunResult['faultOutcome']> {
    const { before, after, event } = step
    const kind = this.fault!.kind
    const error = 'error' in view ? view.error : null
    const code = error?.code ?? null
    const at = `${kind} at call ${this.fault!.index + 1} (${this.cognito.calls[this.fault!.index]})`
    this.assertNoSecrets(`after the ${kind} fault`)
    const size = JSON.stringify(this.client.getPersistedSnapshot()).length
    if (size > 65_536) throw new Error(`${at}: the persisted snapshot grew to ${size} characters`)
    const extra = this.cognito.calls.length - this.fault!.index - 1
    if (extra > 3) throw new Error(`${at}: ${extra} more calls after the fault: a loop?`)
    const found = await deviceStore(this.storage, { userPoolId: POOL, clientId: CLIENT }).find(USER.username)
    if (found.dropped) throw new Error(`${at} corrupted the device record: ${found.dropped}`)
    const faultedLabel = this.cognito.calls[this.fault!.index]!
    if (faultedLabel === 'GetDevice') return this.checkDeviceCheckFault(view, step, at)
    if (this.cognito.faultInert) {
      // the call was refused before there was an answer to damage: the step ends as the model says
      this.checkView(view, after, event)
      return { step: view.step, code }
    }
    if (kind === 'staleDevice') {
      // signed in again as a new device; a wrong password is then refused as it would have been
      const refused = after.value === 'refused' && code === 'NOT_AUTHORIZED'
      if (view.step === 'signedOut' && code !== 'STALE_DEVICE' && !refused) throw new Error(`${at} gave ${brief(view)}`)
      // the first step of the sign-in again: MFA, or (USER_AUTH) the factor asked for or the list of factors
      const again = ['mfaCode', 'selectChallenge', 'passkey'].includes(view.step)
      if (again && (!('notice' in view) || view.notice !== 'staleDevice' || found.record))
        throw new Error('signed in again as a new device without dropping the record or saying so')
      if (!again && view.step !== 'signedIn' && view.step !== 'signedOut') throw new Error(`${at} gave ${brief(view)}`)
      return { step: view.step, code }
    }
    // A lost device record is a defect: only a stale-device answer may remove one.
    if (before.context.device !== 'none' && before.context.device !== 'stale' && !found.record)
      throw new Error(`${at} lost the device record`)
    if (kind === 'sessionExpired' && (view.step !== 'signedOut' || code !== 'SESSION_EXPIRED')) throw new Error(`${at} gave ${brief(view)}`)
    if (kind === 'loop' && (view.step !== 'signedOut' || code !== 'UNEXPECTED_RESPONSE' || extra !== 0))
      throw new Error(`${at} gave ${brief(view)}`)
    // an expired device that Cognito no longer knows counts as forgotten: that fault is swallowed
    const swallowed = faultedLabel === 'ForgetDevice' && this.expiredKey !== null && error === null
    if (swallowed) return { step: view.step, code }
    const transient = kind === 'network' || kind === 'internal' || kind === 'throttling' || kind === 'silent'
    if (transient && event.type === 'SELECT_CHALLENGE' && faultedLabel === 'RespondToAuthChallenge:PASSWORD_VERIFIER')
      return this.spentChoice(view, at)
    if (code !== FAULT_CODES[kind]) throw new Error(`${at} gave ${brief(view)}, expected ${FAULT_CODES[kind]}`)
    // DEVICE_SRP_AUTH's session is spent once it was answered: a failure at the verifier cannot be retried
    const retryable = transient && faultedLabel !== 'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER'
    if (error?.retryable !== retryable) throw new Error(`${at}: retryable is ${error?.retryable}, expected ${retryable}`)
    if (!retryable) return { step: view.step, code }
    if (!transient) return { step: view.step, code }
    // nothing is lost: the same step again reaches what the model says
    let again: AuthView | null = null
    if (view.step === 'failed' || view.step === 'signedIn') again = await settle(this.client.retry(), `retry after ${at}`)
    else if (isWaiting(view) && this.lastAct) again = await settle(this.lastAct(), `answering again after ${at}`)
    if (again) {
      this.checkView(again, after, event)
      await this.checkRecord(after)
      this.assertNoSecrets(`after recovering from ${at}`)
    }
    return { step: view.step, code }
  }
}
