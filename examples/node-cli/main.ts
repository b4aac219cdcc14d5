// `npm start`: the guided tour of cognito-auth-machine in a terminal.
//
// Without arguments it starts the bundled local Cognito server in-process, seeds a pool (MFA on with
// TOTP, opt-in device remembering, 30-day trust) and walks through: first sign-in (SRP, TOTP
// enrolment), remember this device, sign out, second sign-in with no MFA (device SRP), the clock moved
// past the trust deadline, MFA asked again, remember again. Every view and every Cognito call is
// printed with its time. It exits 0 when every step went as described, 1 otherwise.
//
// `npm start -- --interactive` asks you at the terminal instead (the cognito-auth-machine/terminal adapter). With COGNITO_USER_POOL_ID,
// COGNITO_CLIENT_ID and AWS_REGION set it signs in to that real pool (interactive).
// `--fetch` uses the small fetch transport instead of the AWS SDK.
import {
  awsSdkTransport,
  createAuthClient,
  fetchTransport,
  memoryStorage,
  type AuthClient,
  type AuthView,
  type CognitoTransport,
} from 'cognito-auth-machine'
import { readlineIO, runTerminal, type TerminalIO } from 'cognito-auth-machine/terminal'
import { seedPool, startLocalCognito, totp, type LocalCognito } from 'cognito-auth-machine/testing'

const DAY = 86_400_000
const USER = { username: 'ana', password: 'Correct-Horse-9' }

interface Demo {
  client: AuthClient
  clock: { now(): number }
  local?: LocalCognito
}

const t0 = Date.now()
function stamp(clock: { now(): number }): string {
  const elapsed = ((Date.now() - t0) / 1000).toFixed(3).padStart(7)
  return `+${elapsed}s ${new Date(clock.now()).toISOString()}`
}

function describe(view: AuthView): string {
  const notice = `${view.notice ? `  notice=${view.notice}` : ''}${'error' in view && view.error ? `  error=${view.error.code} (${view.error.message})` : ''}`
  switch (view.step) {
    case 'signedOut':
      return `signedOut${notice}`
    case 'working':
      return `working (${view.doing})${notice}`
    case 'failed':
      return `failed (${view.doing})  retryable=${view.error.retryable}${notice}`
    case 'mfaCode':
      return `mfaCode  channel=${view.channel}${view.destination ? ` destination=${view.destination}` : ''}${notice}`
    case 'selectMfa':
      return `selectMfa  options=${view.options.join(',')}${notice}`
    case 'totpSetup':
      return `totpSetup  secret=${view.secret}\n${' '.repeat(36)}uri=${view.otpauthUri}${notice}`
    case 'newPassword':
      return `newPassword  required=${view.requiredAttributes.join(',') || '(none)'}${notice}`
    case 'customChallenge':
      return `customChallenge  ${JSON.stringify(view.parameters)}${notice}`
    case 'rememberDevice':
      return `rememberDevice  deviceKey=${view.deviceKey} reason=${view.reason}${view.trustDays ? ` trustDays=${view.trustDays}` : ''}${notice}`
    case 'signedIn': {
      const d = view.device
      const device = d
        ? `device=${d.deviceKey} ${d.status}${d.trustedUntil ? ` trustedUntil=${new Date(d.trustedUntil).toISOString()}` : ''}`
        : 'device=(none)'
      return `signedIn  user=${view.username} tokensExpire=${new Date(view.expiresAt).toISOString()} ${device}${view.busy ? ` busy=${view.busy}` : ''}${notice}`
    }
    case 'signUp':
    case 'forgotPassword':
      return `${view.step}  user=${view.username}${notice}`
    case 'confirmSignUp':
    case 'resetPassword':
      return `${view.step}  user=${view.username}${view.delivery ? ` code sent to ${view.delivery.destination}` : ''}${notice}`
  }
}

type Json = Record<string, unknown>
const short = (key: unknown) => (typeof key === 'string' ? `${key.slice(0, 20)}…` : '?')

/** What Cognito answered to a sign-in step: the next challenge, or tokens (and a new device key). */
function answerOf(out: Json): string {
  if (typeof out.ChallengeName === 'string') return `-> challenge ${out.ChallengeName}`
  const result = out.AuthenticationResult as Json | undefined
  const device = result?.NewDeviceMetadata as Json | undefined
  return `-> tokens${device ? ` + NewDeviceMetadata (new device key ${short(device.DeviceKey)})` : ''}`
}

/** One line per call that tells the device-tracking story: which challenge is answered, and what each device operation did. */
function describeCall(operation: string, input: Json, out: Json): string {
  switch (operation) {
    case 'InitiateAuth': {
      const params = (input.AuthParameters ?? {}) as Json
      return `InitiateAuth ${String(input.AuthFlow)}${params.DEVICE_KEY ? ` presenting device ${short(params.DEVICE_KEY)}` : ''} ${answerOf(out)}`
    }
    case 'RespondToAuthChallenge':
      return `RespondToAuthChallenge ${String(input.ChallengeName)} ${answerOf(out)}`
    case 'AssociateSoftwareToken':
      return 'AssociateSoftwareToken: Cognito issues the TOTP secret (shown as a QR code in apps)'
    case 'VerifySoftwareToken':
      return `VerifySoftwareToken: the first TOTP code is ${String(out.Status)}`
    case 'ConfirmDevice':
      return `ConfirmDevice ${short(input.DeviceKey)}: its SRP verifier is stored; UserConfirmationNecessary=${String(out.UserConfirmationNecessary)}${out.UserConfirmationNecessary ? ' (the user is asked)' : ''}`
    case 'UpdateDeviceStatus':
      return `UpdateDeviceStatus ${short(input.DeviceKey)} -> ${String(input.DeviceRememberedStatus)}${input.DeviceRememberedStatus === 'remembered' ? ' (skips MFA from now on)' : ''}`
    case 'ForgetDevice':
      return `ForgetDevice ${short(input.DeviceKey)}: the expired key is gone from Cognito`
    case 'ListDevices':
      return `ListDevices: ${Array.isArray(out.Devices) ? out.Devices.length : 0} remembered`
    case 'RevokeToken':
      return 'RevokeToken: the refresh token is revoked'
    default:
      return operation
  }
}

function logged(inner: CognitoTransport, clock: { now(): number }, counter: { calls: number }): CognitoTransport {
  return {
    async send(operation, input, target) {
      counter.calls++
      const started = Date.now()
      try {
        const out = await inner.send(operation, input, target)
        const what = describeCall(operation, input as Json, out as Json)
        console.log(`  ${stamp(clock)}  call  ${what}  (${Date.now() - started} ms)`)
        return out
      } catch (error) {
        console.log(`  ${stamp(clock)}  call  ${operation} failed: ${(error as Error).message}`)
        throw error
      }
    },
  }
}

/** The demo's pool through the real API: MFA required with TOTP (enrolled at the first sign-in), opt-in device remembering. */
async function seed(local: LocalCognito): Promise<{ userPoolId: string; clientId: string }> {
  const { userPoolId, clientId } = await seedPool(local, {
    poolName: 'node-cli-demo',
    mfa: 'ON',
    devices: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
    users: [USER],
  })
  return { userPoolId, clientId }
}

function expectStep<S extends AuthView['step']>(view: AuthView, step: S, what: string): asserts view is Extract<AuthView, { step: S }> {
  if (view.step !== step) throw new Error(`${what}: expected the ${step} step, got ${describe(view)}`)
}

/** The scripted walk: each step states what should happen and checks it did. */
async function guidedTour(demo: Demo, counter: { calls: number }): Promise<void> {
  const { client, local } = demo
  if (!local) throw new Error('the guided tour needs the local server')
  let secret = ''
  const chapter = (title: string) => {
    counter.calls = 0
    console.log(`\n== ${title}`)
  }
  const calls = (expected: number, what: string) => {
    console.log(`  -> ${counter.calls} Cognito calls`)
    if (counter.calls !== expected) throw new Error(`${what}: expected ${expected} Cognito calls, made ${counter.calls}`)
  }

  chapter('1. First sign-in on a new device: SRP, then TOTP enrolment (the pool requires MFA)')
  let view = await client.signIn(USER)
  expectStep(view, 'totpSetup', 'first sign-in')
  secret = view.secret
  view = await client.confirmTotpSetup(totp(secret, local.clock.now()))
  expectStep(view, 'rememberDevice', 'after TOTP enrolment')
  // InitiateAuth, PASSWORD_VERIFIER, AssociateSoftwareToken, VerifySoftwareToken, MFA_SETUP, ConfirmDevice
  calls(6, 'first sign-in')
  const firstDevice = view.deviceKey

  chapter('2. "Remember this device?" yes (UpdateDeviceStatus): the key is trusted for 30 days from this sign-in')
  view = await client.rememberDevice(true)
  expectStep(view, 'signedIn', 'remember')
  if (view.device?.status !== 'remembered') throw new Error('the device should be remembered')
  calls(1, 'remember') // UpdateDeviceStatus
  chapter('3. Sign out (RevokeToken)')
  view = await client.signOut()
  expectStep(view, 'signedOut', 'sign out')
  calls(1, 'sign out')

  chapter('4. Second sign-in: the remembered device answers DEVICE_SRP_AUTH, no MFA')
  view = await client.signIn(USER)
  expectStep(view, 'signedIn', 'second sign-in')
  if (view.device?.deviceKey !== firstDevice) throw new Error('the remembered device should be used')
  calls(4, 'remembered-device sign-in')
  await client.signOut()

  chapter("5. The clock moves 31 days: the key's 30-day trust period is over")
  local.clock.advance(31 * DAY)
  console.log(`  server and client clock now ${new Date(local.clock.now()).toISOString()}`)

  chapter('6. Sign-in after the deadline: the expired key is not presented, so Cognito asks for MFA again')
  view = await client.signIn(USER)
  expectStep(view, 'mfaCode', 'sign-in after expiry')
  if (view.notice !== 'trustExpired') throw new Error('the view should say that trust expired')
  view = await client.submitCode(totp(secret, local.clock.now()))
  expectStep(view, 'rememberDevice', 'after MFA')
  if (view.deviceKey === firstDevice) throw new Error('a new device key was expected')
  calls(4, 'sign-in after expiry') // InitiateAuth, PASSWORD_VERIFIER, SOFTWARE_TOKEN_MFA, ConfirmDevice

  chapter('7. Remember again: a new 30-day period with the new key; the expired key is forgotten')
  view = await client.rememberDevice(true)
  expectStep(view, 'signedIn', 'remember again')
  calls(2, 'remember again') // UpdateDeviceStatus, ForgetDevice(expired key)
  const listed = await client.listDevices()
  const devices = listed.step === 'signedIn' ? (listed.devices ?? []) : []
  console.log(`  remembered devices: ${devices.map((d) => `${d.deviceKey}${d.current ? ' (this one)' : ''}`).join(', ')}`)
  if (devices.some((d) => d.deviceKey === firstDevice)) throw new Error('the expired device should be forgotten')
  await client.signOut()
}

/** `--interactive`: the terminal adapter asks a person for whatever each view needs. */
async function ask(demo: Demo, local: LocalCognito | undefined): Promise<void> {
  const io = readlineIO()
  let secret: string | undefined
  const unsubscribe = demo.client.subscribe((view) => {
    if (view.step === 'totpSetup') secret = view.secret
  })
  // On the local server nobody has an authenticator app: show the current code with each code question.
  const hinted: TerminalIO = {
    say: (text) => io.say(text),
    ask: (question, options) =>
      io.ask(
        local && secret && /code/i.test(question) ? `${question} (local server: now ${totp(secret, local.clock.now())})` : question,
        options,
      ),
  }
  if (local) io.say(`local user: ${USER.username} / ${USER.password}`)
  try {
    await runTerminal(demo.client, hinted)
  } finally {
    unsubscribe()
    io.close()
  }
}

/** Runs the demo; resolves with the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const interactive = argv.includes('--interactive')
  const useFetch = argv.includes('--fetch')
  const real = process.env.COGNITO_USER_POOL_ID && process.env.COGNITO_CLIENT_ID && process.env.AWS_REGION
  let local: LocalCognito | undefined
  const counter = { calls: 0 }
  try {
    let config: { userPoolId: string; clientId: string; endpoint?: string; region: string }
    let clock: { now(): number } = { now: () => Date.now() }
    if (real) {
      config = { userPoolId: process.env.COGNITO_USER_POOL_ID!, clientId: process.env.COGNITO_CLIENT_ID!, region: process.env.AWS_REGION! }
      console.log(`signing in to the real pool ${config.userPoolId} (${config.region})`)
    } else {
      local = await startLocalCognito({ port: 0 })
      clock = local.clock
      const seeded = await seed(local)
      config = { ...seeded, endpoint: local.endpoint, region: local.region }
      console.log(`local Cognito at ${local.endpoint}; pool ${seeded.userPoolId}: MFA on (TOTP), opt-in device remembering, 30-day trust`)
    }
    const transport = logged(useFetch ? fetchTransport() : awsSdkTransport(), clock, counter)
    console.log(`transport: ${useFetch ? 'fetchTransport()' : 'AWS SDK v3 (default)'}`)
    const client = createAuthClient({
      ...config,
      transport,
      storage: memoryStorage(),
      trust: { days: 30 },
      clock,
      deviceName: 'node-cli demo',
    })
    client.subscribe((view) => console.log(`  ${stamp(clock)}  view  ${describe(view)}`))
    client.start()
    const demo: Demo = { client, clock, ...(local ? { local } : {}) }
    if (interactive || real) await ask(demo, local)
    else await guidedTour(demo, counter)
    client.stop()
    console.log('\ndone')
    return 0
  } catch (error) {
    console.error(`\ndemo failed: ${(error as Error).message}`)
    return 1
  } finally {
    await local?.close()
  }
}
