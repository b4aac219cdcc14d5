import type { AuthClient, AuthView } from 'cognito-auth-machine'
import { readlineIO, type TerminalIO } from './readlineIO'

export { readlineIO, type TerminalIO } from './readlineIO'

const date = (ms: number | null) => (ms === null ? 'no expiry' : new Date(ms).toISOString())

const busy = (view: AuthView) => view.step === 'working' || (view.step === 'signedIn' && view.busy !== null)

/** The next view that is not `working` nor busy (the current one if it is not). */
const settled = (client: AuthClient) =>
  new Promise<AuthView>((resolve) => {
    let stop: (() => void) | undefined
    const check = () => !busy(client.getView()) && (stop?.(), resolve(client.getView()), true)
    if (!check()) stop = client.subscribe(check)
  })

/**
 * Asks for whatever the current view needs and sends the answer, until `until(view)` holds or the
 * person leaves (an empty username, `q` when signed in, or the end of input). Resolves with the last
 * view. This is the one adapter with a `switch` on the step: it maps each step to its questions.
 *
 * @param client - the client from `createAuthClient`
 * @param io - the terminal; default {@link readlineIO} on stdin and stdout, closed at the end
 * @param until - stop as soon as this holds for a view that waits for input
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { readlineIO, runTerminal } from 'cognito-auth-machine/terminal'
 *
 * const io = readlineIO()
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example' })
 * const view = await runTerminal(client, io, (v) => v.step === 'signedIn')
 * io.close()
 * ```
 */
export async function runTerminal(
  client: AuthClient,
  io?: TerminalIO,
  until: (view: AuthView) => boolean = () => false,
): Promise<AuthView> {
  if (io) return prompt(client, io, until)
  const own = readlineIO()
  try {
    return await prompt(client, own, until)
  } finally {
    own.close()
  }
}

type Ask = (question: string, secret?: boolean) => Promise<string>

/** Shows the signed-in user and device, and runs the chosen command; null when the person quits. */
async function signedInStep(client: AuthClient, view: AuthView & { step: 'signedIn' }, io: TerminalIO, ask: Ask): Promise<AuthView | null> {
  io.say(
    `Signed in as ${view.username}; device ${view.device ? `${view.device.status}, trusted until ${date(view.device.trustedUntil)}` : 'none'}.`,
  )
  for (const d of view.devices ?? []) io.say(`  ${d.current ? '*' : ' '} ${d.deviceKey} ${d.status ?? ''} ${d.name ?? ''}`)
  const choice = await ask('[l]ist devices, [f]orget this device, sign [o]ut, [q]uit:')
  if (/^q/i.test(choice)) return null
  if (/^l/i.test(choice)) return client.listDevices()
  if (/^f/i.test(choice)) return client.forgetDevice()
  return /^o/i.test(choice) ? client.signOut() : client.getView()
}

/** The steps of an account flow begun elsewhere: a code (empty sends it again), or leaving a failed form. */
async function accountStep(client: AuthClient, view: AuthView, ask: Ask): Promise<AuthView> {
  if (view.step !== 'confirmSignUp' && view.step !== 'resetPassword') return client.cancel()
  const code = await ask(`Code${view.delivery?.destination ? ` sent to ${view.delivery.destination}` : ''} (empty: send it again):`)
  if (!code) return client.resendCode()
  return view.step === 'confirmSignUp'
    ? client.submitCode(code)
    : client.resetPassword({ code, password: await ask('New password:', true) })
}

/** The loop of {@link runTerminal}: one step's questions per turn. */
async function prompt(client: AuthClient, io: TerminalIO, until: (view: AuthView) => boolean): Promise<AuthView> {
  let view = await settled(client.start())
  for (;;) {
    if (view.notice) io.say(`(${view.notice})`)
    // every step shows the error of the last answer or call in place, and asks again
    if ('error' in view && view.error && view.step !== 'failed') io.say(`Error: ${view.error.message}`)
    if (until(view)) return view
    const ask = async (question: string, secret = false) => {
      const answer = await io.ask(question, { secret })
      if (answer === null) throw view
      return answer
    }
    try {
      switch (view.step) {
        case 'signedOut': {
          const username = await ask('Username (empty to quit):')
          if (!username) return view
          view = await client.signIn({ username, password: await ask('Password:', true) })
          break
        }
        case 'working':
          view = await settled(client)
          break
        case 'mfaCode':
          view = await client.submitCode(await ask(`Code (${view.channel}${view.destination ? ` sent to ${view.destination}` : ''}):`))
          break
        case 'selectMfa': {
          const options = view.options
          options.forEach((option, i) => io.say(`${i + 1}. ${option}`))
          const choice = options[Number(await ask('MFA method (number):')) - 1] ?? options[0]
          if (choice === undefined) return view
          view = await client.selectMfa(choice)
          break
        }
        case 'totpSetup':
          io.say(`Add this key to your authenticator app: ${view.secret}\n${view.otpauthUri}`)
          view = await client.confirmTotpSetup(await ask('Code from the authenticator:'))
          break
        case 'newPassword': {
          const password = await ask('New password:', true)
          const attributes: Record<string, string> = {}
          for (const name of view.requiredAttributes) attributes[name] = await ask(`${name}:`)
          view = await client.submitNewPassword({ password, attributes })
          break
        }
        case 'customChallenge':
          io.say(JSON.stringify(view.parameters))
          view = await client.answerCustomChallenge(await ask('Answer:'))
          break
        case 'rememberDevice':
          view = await client.rememberDevice(
            /^y/i.test(await ask(`Remember this device${view.trustDays ? ` for ${view.trustDays} days` : ''}? [y/N]`)),
          )
          break
        case 'signedIn': {
          const next = await signedInStep(client, view, io, ask)
          if (!next) return view
          view = next
          break
        }
        case 'signUp':
        case 'confirmSignUp':
        case 'forgotPassword':
        case 'resetPassword':
          view = await accountStep(client, view, ask)
          break
        case 'failed':
          io.say(`Could not finish signing in: ${view.error.message}`)
          view = await (view.error.retryable && /^r/i.test(await ask('[r]etry or [c]ancel:')) ? client.retry() : client.cancel())
          break
      }
    } catch (ended) {
      if (ended === view) return view
      throw ended
    }
  }
}
