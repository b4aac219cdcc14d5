// Drives the real client (real machine, real SRP) along one model path against the scripted Cognito,
// checking at every step the view, the Cognito calls made, the stored device record, and that no secret
// shows in the persisted snapshot, the view or an error. Optionally injects one fault at one call.
import {
  createAuthClient,
  deviceStore,
  fromCognitoError,
  memoryStorage,
  type AuthClient,
  type AuthView,
  type DeviceRecord,
} from '../../src/index'
import { createDeviceVerifier } from '../../src/srp'
import { CoverageRecorder } from './coverage'
import { callInfo, faultError, FAULT_CODES, type CallInfo, type FaultKind } from './faults'
import { presentsKey, type Confirm, type ModelContext, type ModelEvent } from './protocolModel'
import { CLIENT, POOL, RIGHT_CODE, ScriptedCognito, TOTP_SECRET, USER, WRONG_CODE, type Answer, type Reply } from './scriptedCognito'
import { brief, describe, isWaiting, settle, waitSettled } from './views'
import { DAY, TRUST_DAYS, NEW_PASSWORD, WRONG_PASSWORD, CODE_KEYS, CHANNELS, MFA_PARAMETERS, FIRST_CHALLENGES } from './fixtures'

interface ModelStep {
  event: ModelEvent
  before: { value: unknown; context: ModelContext }
  after: { value: unknown; context: ModelContext }
}

/** The result of one run. */
export interface RunResult {
  calls: CallInfo[]
  /** Set when a fault fired: what the client showed right after it. */
  faultOutcome?: { step: string; code: string | null }
}

/** One path through the model, driven against a fresh client and a fresh scripted Cognito. */
export class PathRun {
  readonly cognito = new ScriptedCognito()
  readonly storage = memoryStorage()
  private readonly clock = { t: Date.UTC(2026, 0, 5, 9, 0, 0) }
  private client!: AuthClient
  private flow: ModelContext['flow'] = 'srp'
  /** The device key the client holds locally (stale or not). */
  private localKey: string | null = null
  /** The key of the expired device the client must forget after sign-in. */
  private expiredKey: string | null = null
  /** The key the remember prompt and the signed-in view are about. */
  private currentKey: string | null = null
  private readonly secrets = new Set<string>([USER.password, NEW_PASSWORD, WRONG_PASSWORD])
  private readonly calls: CallInfo[] = []
  /** Per model step: the calls made and the view step shown (the local-server sample compares against it). */
  readonly log: { calls: string[]; step: string }[] = []

  constructor(
    private readonly coverage: CoverageRecorder,
    private readonly fault: { index: number; kind: FaultKind } | null = null,
  ) {
    const cognito = this.cognito
    const send = cognito.send.bind(cognito)
    cognito.send = async (operation: string, input: unknown) => {
      this.calls.push(callInfo(input as Record<string, unknown>, `${operation}`))
      return send(operation, input)
    }
    cognito.onCall = (label) => {
      this.calls[this.calls.length - 1]!.label = label
      this.assertNoSecrets(`during ${label}`)
    }
    if (fault)
      cognito.fault = {
        index: fault.index,
        error: () => faultError(fault.kind),
        ...(fault.kind === 'staleDevice' ? { after: (label: string) => this.staleRecovery(label) } : {}),
      }
  }

  /**
   * What Cognito answers after "Device does not exist." at sign-in: the client signs in again as a new
   * device, and this user is then asked for MFA. Elsewhere nothing more is scripted.
   */
  private staleRecovery(label: string): Reply[] {
    const mfa: Answer = { kind: 'challenge', name: 'SOFTWARE_TOKEN_MFA' }
    const cog = this.cognito
    if (label === 'InitiateAuth:USER_PASSWORD_AUTH') return [cog.start('USER_PASSWORD_AUTH', null, mfa)]
    if (label === 'InitiateAuth:USER_SRP_AUTH' || label === 'RespondToAuthChallenge:PASSWORD_VERIFIER')
      return [cog.srpStart('USER_SRP_AUTH', null), cog.srpVerify(null, mfa)]
    return []
  }

  private newClient(snapshot?: unknown): AuthClient {
    const client = createAuthClient({
      userPoolId: POOL,
      clientId: CLIENT,
      transport: this.cognito,
      storage: this.storage,
      authFlow: this.flow === 'srp' ? 'USER_SRP_AUTH' : this.flow === 'password' ? 'USER_PASSWORD_AUTH' : 'CUSTOM_AUTH',
      trust: { days: TRUST_DAYS },
      clock: { now: () => this.clock.t },
      deviceName: 'model-test',
      ...(snapshot ? { snapshot: snapshot as never } : {}),
    })
    this.coverage.watch(client.actor)
    return client
  }

  /** Runs the path; throws on the first mismatch. */
  async run(steps: ModelStep[]): Promise<RunResult> {
    try {
      for (const step of steps) {
        const faulted = await this.step(step)
        if (faulted) return { calls: this.calls, faultOutcome: faulted }
      }
      if (this.fault) throw new Error(`the fault at call ${this.fault.index} never fired (${this.calls.length} calls)`)
      return { calls: this.calls }
    } finally {
      this.client?.stop()
    }
  }

  private async step(step: ModelStep): Promise<RunResult['faultOutcome'] | undefined> {
    const { event, before, after } = step
    const callsBefore = this.cognito.calls.length
    const { replies, act } = await this.plan(event, before.context)
    this.cognito.replies = replies
    const expected = replies.map((r) => r.label)
    const view = await settle(act(), `${event.type}`)
    const faultFired = this.fault !== null && this.cognito.calls.length > this.fault.index && callsBefore <= this.fault.index
    if (faultFired) return this.checkFault(view, before)
    const made = this.cognito.calls.slice(callsBefore)
    if (JSON.stringify(made) !== JSON.stringify(expected)) {
      throw new Error(
        `${describe(event)}: Cognito calls ${JSON.stringify(made)}, expected ${JSON.stringify(expected)}; view ${brief(view)}`,
      )
    }
    this.checkView(view, after, event)
    this.log.push({ calls: made, step: view.step })
    await this.checkRecord(after)
    this.assertNoSecrets(`after ${describe(event)}`)
    if (isWaiting(view) && after.value !== 'done' && after.value !== 'cancelled') await this.restoreFromSnapshot(view)
    return undefined
  }

  /** A waiting step survives a reload: a new client from the persisted snapshot shows the same step. */
  private async restoreFromSnapshot(view: AuthView): Promise<void> {
    const snapshot = JSON.parse(JSON.stringify(this.client.getPersistedSnapshot()))
    this.client.stop()
    this.client = this.newClient(snapshot)
    this.client.start()
    const restored = this.client.getView()
    if (restored.step !== view.step) throw new Error(`restored ${restored.step}, was ${view.step}`)
  }

  // ---- what each model event does, and what Cognito must see ----

  private async plan(event: ModelEvent, c: ModelContext): Promise<{ replies: Reply[]; act: () => Promise<AuthView> }> {
    const cog = this.cognito
    const key = presentsKey(c) ? this.localKey : null
    switch (event.type) {
      case 'GIVEN':
        await this.given(event)
        return { replies: [], act: () => waitSettled(this.client.start()) }
      case 'SIGN_IN': {
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
      case 'END':
        return this.ending(event.ending, c)
      case 'RETRY':
        return { replies: [], act: () => this.client.retry() }
      case 'CANCEL':
        return { replies: [], act: () => this.client.cancel() }
    }
  }

  private async given(event: Extract<ModelEvent, { type: 'GIVEN' }>): Promise<void> {
    this.flow = event.flow
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
        confirmedAt: now - 40 * DAY,
        trustedUntil: event.device === 'notRemembered' ? null : event.device === 'expired' ? now - DAY : now + 10 * DAY,
      }
      await deviceStore(this.storage, { userPoolId: POOL, clientId: CLIENT }).save(record, [USER.username, USER.userId])
      if (event.device !== 'stale') this.cognito.knowDevice(deviceKey, deviceGroupKey, verifier.passwordVerifier, verifier.salt)
      this.localKey = deviceKey
      if (event.device === 'expired') this.expiredKey = deviceKey
      if (event.device === 'remembered' || event.device === 'notRemembered') this.currentKey = deviceKey
    }
    this.client = this.newClient()
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

  /** Cognito accepts the last challenge: device SRP for a presented key, else tokens for a new device and its confirmation. */
  private finalAnswer(c: ModelContext, confirm: Confirm | undefined): { next: Answer; after: Reply[] } {
    if (presentsKey(c)) return { next: { kind: 'deviceSrp' }, after: this.cognito.deviceSrp(this.localKey!) }
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
            this.client = this.newClient()
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
    switch (after.value) {
      case 'signedOut':
      case 'cancelled':
        expectStep('signedOut')
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
      case 'customChallenge':
        expectStep('customChallenge')
        if (view.step === 'customChallenge' && view.parameters.question !== FIRST_CHALLENGES.CUSTOM_CHALLENGE!.question) fail('parameters')
        break
      case 'rememberDevice':
        expectStep('rememberDevice')
        if (view.step === 'rememberDevice' && (view.reason !== c.remember || view.deviceKey !== this.currentKey)) fail(`reason/deviceKey`)
        break
      case 'error': {
        expectStep('error')
        if (view.step !== 'error') break
        const code =
          event.type === 'SIGN_IN' ? 'NOT_AUTHORIZED' : event.type === 'CONFIRM_TOTP' ? 'ENABLE_SOFTWARE_TOKEN_MFA' : 'CODE_MISMATCH'
        if (view.error.code !== code) fail(`error ${view.error.code}, expected ${code}`)
        if (view.canRetry !== (c.retryTo !== null)) fail(`canRetry ${view.canRetry}`)
        break
      }
      case 'signedIn':
      case 'done': {
        const ending = c.ending
        if (ending === 'signOut' || ending === 'globalSignOut') {
          expectStep('signedOut')
          break
        }
        expectStep('signedIn')
        if (view.step !== 'signedIn') break
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

  /** Neither the password nor any device secret in the persisted snapshot, the view or its error. */
  private assertNoSecrets(where: string): void {
    if (!this.client) return
    const view = this.client.getView()
    const error = view.step === 'error' || view.step === 'signedOut' ? view.error : null
    const text =
      JSON.stringify(this.client.getPersistedSnapshot()) +
      JSON.stringify(view) +
      (error ? `${error.message}${JSON.stringify(error.cause)}${String(error.stack)}` : '')
    for (const secret of this.secrets) if (text.includes(secret)) throw new Error(`a secret leaked ${where}`)
  }

  /** After a fault: a defined view, the right code or the documented recovery, the record intact. */
  private async checkFault(view: AuthView, before: ModelStep['before']): Promise<RunResult['faultOutcome']> {
    const kind = this.fault!.kind
    const code = view.step === 'error' || view.step === 'signedOut' ? (view.error?.code ?? null) : null
    this.assertNoSecrets(`after the ${kind} fault`)
    const found = await deviceStore(this.storage, { userPoolId: POOL, clientId: CLIENT }).find(USER.username)
    if (found.dropped) throw new Error(`the ${kind} fault corrupted the device record: ${found.dropped}`)
    const faultedLabel = this.cognito.calls[this.fault!.index]!
    if (kind === 'staleDevice') {
      if (view.step === 'error' && code !== 'STALE_DEVICE') throw new Error(`stale device gave ${code}`)
      if (view.step === 'mfaCode' && (view.notice !== 'staleDevice' || found.record))
        throw new Error('signed in again as a new device without dropping the record or saying so')
      if (view.step !== 'error' && view.step !== 'mfaCode' && view.step !== 'signedIn' && view.step !== 'signedOut')
        throw new Error(`stale device gave ${brief(view)}`)
      const extra = this.cognito.calls.length - this.fault!.index - 1
      if (extra > 3) throw new Error(`stale device recovery made ${extra} more calls: a loop?`)
    } else if (kind === 'sessionExpired') {
      if (view.step !== 'signedOut' || code !== 'SESSION_EXPIRED') throw new Error(`expired session at ${faultedLabel} gave ${brief(view)}`)
    } else {
      // A lost device record is a defect: only a stale-device answer may remove one.
      if (before.context.device !== 'none' && before.context.device !== 'stale' && !found.record)
        throw new Error(`the ${kind} fault lost the device record`)
      const swallowed = faultedLabel === 'ForgetDevice' && this.expiredKey !== null && view.step !== 'error'
      if (!swallowed) {
        if (code !== FAULT_CODES[kind]) throw new Error(`${kind} at ${faultedLabel} gave ${brief(view)}`)
        if (view.step === 'error') {
          if (!view.error.retryable) throw new Error(`${kind} at ${faultedLabel} is not marked retryable`)
          if (view.canRetry) {
            const retried = await settle(this.client.retry(), 'RETRY after fault')
            if (retried.step === 'working' || retried.step === 'error')
              throw new Error(`RETRY after ${kind} at ${faultedLabel} led to ${brief(retried)}`)
          }
        }
      }
    }
    return { step: view.step, code }
  }
}
