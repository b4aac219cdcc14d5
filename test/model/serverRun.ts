// Runs a model path against the local Cognito-compatible server (real HTTP, the fetch transport),
// setting the pool and the user up so that the server gives the answers the path names. The calls and
// views it sees are compared, step by step, with the scripted run of the same path: the scripted
// Cognito cannot drift from the server without a test failing.
import {
  AdminForgetDeviceCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateDeviceStatusCommand,
  AdminUpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createAuthClient, fetchTransport, memoryStorage, type AuthClient, type AuthView } from '../../src/index'
import { deviceStore } from '../../src/machine/index'
import { totp } from '../../src/testing/index'
import type { Harness, PoolSpec } from '../e2e/harness'
import { DAY, NEW_PASSWORD } from './fixtures'
import type { ModelContext, ModelEvent } from './protocolModel'
import { labelOf, USER } from './scriptedCognito'

const TEMPORARY = 'Temporary-Pa55!'

interface Step {
  event: ModelEvent
  before: { value: unknown; context: ModelContext }
}

/** Pool settings that make the server answer the first factor as the path says. */
function poolFor(steps: Step[]): { spec: PoolSpec; answer: string; given: Extract<ModelEvent, { type: 'GIVEN' }> } {
  const given = steps[0]!.event as Extract<ModelEvent, { type: 'GIVEN' }>
  const signIn = steps.find((s) => s.event.type === 'SIGN_IN')!.event as Extract<ModelEvent, { type: 'SIGN_IN' }>
  const confirm = steps.map((s) => (s.event as { confirm?: string }).confirm).find(Boolean)
  const devices = confirm === 'always' ? 'always' : 'opt-in'
  const answer = signIn.answer
  const deviceStart = given.device !== 'none'
  const spec: PoolSpec = { devices, skipMfaForRemembered: true }
  if (answer === 'SMS_MFA') Object.assign(spec, { mfa: 'ON', sms: true, totp: false })
  else if (answer === 'EMAIL_OTP') Object.assign(spec, { mfa: 'ON', email: true, totp: false })
  else if (answer === 'SELECT_MFA_TYPE') Object.assign(spec, { mfa: 'ON', sms: true, email: true, totp: true })
  else if (given.device === 'remembered' && answer === 'SOFTWARE_TOKEN_MFA' && given.server !== 'notRemembered')
    // MFA although the device is still remembered: a pool that keeps MFA for remembered devices
    Object.assign(spec, { mfa: 'ON', totp: true, skipMfaForRemembered: false })
  else if (
    answer === 'MFA_SETUP' ||
    answer === 'SOFTWARE_TOKEN_MFA' ||
    answer === 'deviceSrp' ||
    (deviceStart && answer === 'wrongPassword')
  )
    Object.assign(spec, { mfa: 'ON', totp: true })
  else if (answer === 'NEW_PASSWORD_REQUIRED') spec.schema = [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }]
  return { spec, answer, given }
}

export class ServerPathRun {
  readonly log: { calls: string[]; step: string }[] = []
  private readonly storage = memoryStorage()
  private readonly calls: string[] = []
  private client!: AuthClient
  private pool!: Awaited<ReturnType<Harness['pool']>>
  private totpSecret: string | null = null
  private flow: ModelContext['flow'] = 'srp'
  private setupCalls = 0
  /** Calls a step made only to bring the server where the model is (not part of the path's log). */
  private uncounted = 0

  constructor(private readonly h: Harness) {}

  private newClient(): AuthClient {
    const inner = fetchTransport()
    return createAuthClient({
      userPoolId: this.pool.userPoolId,
      clientId: this.pool.clientId,
      endpoint: this.h.cognito.endpoint,
      transport: {
        send: (operation, input, target) => {
          this.calls.push(labelOf(operation, input as Record<string, unknown>))
          return inner.send(operation, input, target)
        },
      },
      storage: this.storage,
      authFlow: this.flow === 'srp' ? 'USER_SRP_AUTH' : this.flow === 'password' ? 'USER_PASSWORD_AUTH' : 'CUSTOM_AUTH',
      trust: { days: 1 },
      clock: this.h.cognito.clock,
      deviceName: 'model-server',
    })
  }

  async run(steps: Step[]): Promise<void> {
    try {
      for (const step of steps) {
        const before = this.calls.length
        const view = await this.act(step, steps)
        // The set-up sign-in of a GIVEN step is not part of the path.
        this.log.push({
          calls: this.calls.slice(step.event.type === 'GIVEN' ? this.setupCalls : Math.max(before, this.uncounted)),
          step: view.step,
        })
      }
    } finally {
      this.client?.stop()
    }
  }

  private code(view: AuthView, right: boolean): string {
    let code: string
    if (view.step === 'totpSetup') code = totp(view.secret, this.h.cognito.clock.now())
    else if (view.step === 'mfaCode' && view.channel !== 'TOTP')
      code = this.h.cognito.outbox.last(view.channel === 'EMAIL' ? 'ana@example.com' : USER.username)!.code
    else code = totp(this.totpSecret!, this.h.cognito.clock.now())
    return right ? code : String((Number(code) + 1) % 1_000_000).padStart(6, '0')
  }

  private async act({ event }: Step, steps: Step[]): Promise<AuthView> {
    const c = this.client
    switch (event.type) {
      case 'GIVEN':
        await this.given(steps)
        this.setupCalls = this.calls.length
        this.client = this.newClient()
        this.client.start()
        return settled(this.client)
      case 'SIGN_IN': {
        const password =
          event.answer === 'wrongPassword' ? 'Wrong-Pa55word!' : event.answer === 'NEW_PASSWORD_REQUIRED' ? TEMPORARY : USER.password
        return c.signIn(this.flow === 'custom' ? { username: USER.username } : { username: USER.username, password })
      }
      case 'SUBMIT_CODE':
        if (event.sessionSpent) {
          // the local server ends a session after three wrong answers (the model gave one already)
          const wrong = this.code(c.getView(), false)
          await c.submitCode(wrong)
          await c.submitCode(wrong)
          this.uncounted = this.calls.length
        }
        return c.submitCode(this.code(c.getView(), event.right))
      case 'SELECT_MFA':
        return c.selectMfa(event.mfa)
      case 'CONFIRM_TOTP':
        return c.confirmTotpSetup(this.code(c.getView(), event.right))
      case 'SUBMIT_NEW_PASSWORD':
        return c.submitNewPassword({ password: NEW_PASSWORD, attributes: { name: 'Ana' } })
      case 'ANSWER':
        return c.answerCustomChallenge(event.right ? '42' : '41')
      case 'REMEMBER':
        return c.rememberDevice(event.remember)
      case 'CANCEL':
        return c.cancel()
      case 'END':
        return this.ending(event.ending)
      default:
        throw new Error(`the local-server sample does not play ${event.type}`)
    }
  }

  private async ending(ending: string): Promise<AuthView> {
    const c = this.client
    const clock = this.h.cognito.clock
    switch (ending) {
      case 'signOut':
        return c.signOut()
      case 'globalSignOut':
        return c.signOut({ global: true })
      case 'forgetDevice':
        return c.forgetDevice()
      case 'listDevices':
        await c.listDevices()
        return c.getView()
      case 'refresh':
        clock.advance(3600_000 - 60_000)
        await c.getTokens()
        return c.getView()
      case 'trustLapses':
        clock.advance(2 * DAY)
        await c.getTokens()
        return c.getView()
      case 'toggleRemember': {
        const view = c.getView()
        return c.rememberDevice(!(view.step === 'signedIn' && view.device?.status === 'remembered'))
      }
      default:
        c.stop()
        this.client = this.newClient()
        this.client.start()
        return settled(this.client)
    }
  }

  /** Pool, user and device as the path's first step says, set up through the real API and a first client. */
  private async given(steps: Step[]): Promise<void> {
    const { spec, answer, given } = poolFor(steps)
    const h = this.h
    this.flow = given.flow
    this.pool = await h.pool(spec)
    const temporary = answer === 'NEW_PASSWORD_REQUIRED'
    await h.user(this.pool, USER.username, temporary ? TEMPORARY : USER.password, {}, { temporary })
    const admin = { UserPoolId: this.pool.userPoolId, Username: USER.username }
    if (spec.mfa === 'ON' && spec.totp !== false && answer !== 'MFA_SETUP') {
      this.totpSecret = await h.enrolTotp(this.pool, USER.username, USER.password)
    }
    // Contact details only after TOTP enrolment, so that enrolment is asked for rather than an SMS or e-mail code.
    const contact = { email: 'ana@example.com', email_verified: 'true', phone_number: '+15555550100', phone_number_verified: 'true' }
    await h.sdk.send(
      new AdminUpdateUserAttributesCommand({ ...admin, UserAttributes: Object.entries(contact).map(([Name, Value]) => ({ Name, Value })) }),
    )
    if (answer === 'SMS_MFA')
      await h.sdk.send(new AdminSetUserMFAPreferenceCommand({ ...admin, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }))
    if (answer === 'EMAIL_OTP')
      await h.sdk.send(new AdminSetUserMFAPreferenceCommand({ ...admin, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }))
    if (answer === 'SELECT_MFA_TYPE') {
      await h.sdk.send(
        new AdminSetUserMFAPreferenceCommand({
          ...admin,
          SMSMfaSettings: { Enabled: true, PreferredMfa: false },
          EmailMfaSettings: { Enabled: true, PreferredMfa: false },
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
        }),
      )
    }
    if (given.device === 'none') return
    // A first client on the same storage signs in and leaves the device as the path needs it.
    this.client = this.newClient()
    let view = await this.client.signIn({ username: USER.username, password: USER.password })
    for (let i = 0; i < 5 && view.step !== 'signedIn'; i++) {
      if (view.step === 'mfaCode') view = await this.client.submitCode(this.code(view, true))
      else if (view.step === 'rememberDevice') view = await this.client.rememberDevice(given.device !== 'notRemembered')
      else throw new Error(`setting up ${given.device}: unexpected ${view.step}`)
    }
    const deviceKey = view.step === 'signedIn' ? view.device?.deviceKey : undefined
    if (!deviceKey) throw new Error(`setting up ${given.device}: no device`)
    await this.client.signOut()
    this.client.stop()
    if (given.device === 'expired') h.cognito.clock.advance(2 * DAY)
    if (given.device === 'stale') await h.sdk.send(new AdminForgetDeviceCommand({ ...admin, DeviceKey: deviceKey }))
    if (given.server === 'notRemembered') {
      await h.sdk.send(new AdminUpdateDeviceStatusCommand({ ...admin, DeviceKey: deviceKey, DeviceRememberedStatus: 'not_remembered' }))
    }
    const stored = await deviceStore(this.storage, { userPoolId: this.pool.userPoolId, clientId: this.pool.clientId }).find(USER.username)
    if (!stored.record) throw new Error(`setting up ${given.device}: no stored record`)
  }
}

async function settled(client: AuthClient): Promise<AuthView> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const view = client.getView()
    if (view.step !== 'working' && !(view.step === 'signedIn' && view.busy)) return view
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error('the client never settled')
}
