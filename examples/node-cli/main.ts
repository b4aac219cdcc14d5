// `npm start`: the guided tours of cognito-auth-machine in a terminal.
//
// Without arguments it starts the bundled local Cognito server in-process, seeds a pool (MFA on with
// TOTP, opt-in device remembering, 30-day trust) and walks through: first sign-in (SRP, TOTP
// enrolment), remember this device, sign out, second sign-in with no MFA (device SRP), the clock moved
// past the trust deadline, MFA asked again, remember again. Every view and every Cognito call is
// printed with its time. It exits 0 when every step went as described, 1 otherwise.
//
// `npm start -- --account` is the account tour (account.ts), always on the local server (it reads the
// codes from the server's outbox): sign-up, the e-mailed code, the sign-in with Cognito's session,
// remember the device, sign out, forgot password, reset, and the sign-in with the new password on the
// remembered device, with threat protection's context on the calls and the auth events the server kept.
//
// `npm start -- --interactive` asks you at the terminal instead (the cognito-auth-machine/terminal adapter). With COGNITO_USER_POOL_ID,
// COGNITO_CLIENT_ID and AWS_REGION set it signs in to that real pool (interactive).
// `--fetch` uses the small fetch transport instead of the AWS SDK.
import { awsSdkTransport, createAuthClient, fetchTransport, memoryStorage, type AuthClient } from 'cognito-auth-machine'
import { readlineIO, runTerminal, type TerminalIO } from 'cognito-auth-machine/terminal'
import { seedPool, startLocalCognito, totp, type LocalCognito } from 'cognito-auth-machine/testing'
import { accountTour, DEMO_CONTEXT, seedAccountPool } from './account'
import { chapters, describe, expectStep, logged, stamp } from './transcript'

const DAY = 86_400_000
const USER = { username: 'ana', password: 'Correct-Horse-9' }

interface Demo {
  client: AuthClient
  clock: { now(): number }
  local?: LocalCognito
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

/** The scripted walk: each step states what should happen and checks it did. */
async function guidedTour(demo: Demo, counter: { calls: number }): Promise<void> {
  const { client, local } = demo
  if (!local) throw new Error('the guided tour needs the local server')
  let secret = ''
  const { chapter, calls } = chapters(counter)

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
  const account = argv.includes('--account')
  const interactive = argv.includes('--interactive')
  const useFetch = argv.includes('--fetch')
  if (account && interactive) {
    console.error(
      '--account is a scripted tour on the local server (it reads the codes from its outbox); it takes --fetch, not --interactive',
    )
    return 2
  }
  // the account tour needs the local server's outbox, so it never runs against a real pool
  const real = !account && process.env.COGNITO_USER_POOL_ID && process.env.COGNITO_CLIENT_ID && process.env.AWS_REGION
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
      const seeded = account ? await seedAccountPool(local) : await seed(local)
      config = { ...seeded, endpoint: local.endpoint, region: local.region }
      console.log(
        account
          ? `local Cognito at ${local.endpoint}; pool ${seeded.userPoolId}: sign-up with e-mail codes, ALLOW_USER_AUTH (sign-in after sign-up), opt-in device remembering, threat protection (audit)`
          : `local Cognito at ${local.endpoint}; pool ${seeded.userPoolId}: MFA on (TOTP), opt-in device remembering, 30-day trust`,
      )
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
      // threat protection's context on every call that takes it; a browser would call AWS's script here
      ...(account ? { contextData: () => DEMO_CONTEXT } : {}),
    })
    client.subscribe((view) => console.log(`  ${stamp(clock)}  view  ${describe(view)}`))
    client.start()
    const demo: Demo = { client, clock, ...(local ? { local } : {}) }
    if (account && local) await accountTour(client, local, counter)
    else if (interactive || real) await ask(demo, local)
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
