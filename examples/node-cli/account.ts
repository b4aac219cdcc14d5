// `npm start -- --account`: the account tour on the local server. Sign-up, the code from the server's
// outbox, the sign-in with Cognito's session (no password), ConfirmDevice and "remember this device?"
// yes, sign out, forgot password, the reset code, the new password, and the sign-in with it on the
// remembered device (device SRP: a password reset forgets no device, as on Cognito). Every call carries
// threat protection's context (a fixed demo EncodedData), and the tour ends with the auth events the
// server recorded, naming the device each sign-in issued or presented.
import type { AuthClient, ContextData } from 'cognito-auth-machine'
import { seedPool, type LocalAuthEvent, type LocalCognito } from 'cognito-auth-machine/testing'
import { chapters, expectStep, short } from './transcript'

const ACCOUNT = { username: 'ana', email: 'ana@example.com', password: 'Correct-Horse-9', newPassword: 'Battery-Staple-7' }

/**
 * What the demo client sends as `UserContextData` on every call that takes it. In a browser, `encodedData`
 * comes from AWS's advanced-security script, `AmazonCognitoAdvancedSecurityData.getData(username,
 * userPoolId, clientId)`; here it is a fixed string, so that the transcript and the server's events show
 * it going out and arriving.
 */
export const DEMO_CONTEXT: ContextData = { encodedData: 'demo-EncodedData' }

/**
 * The account tour's pool: sign-up codes by e-mail (AutoVerifiedAttributes), opt-in device remembering,
 * threat protection in audit mode; an app client that allows USER_AUTH (the sign-in with the session
 * after sign-up) and hides which users exist. No users: the tour signs its user up.
 */
export async function seedAccountPool(local: LocalCognito): Promise<{ userPoolId: string; clientId: string }> {
  const { userPoolId, clientId } = await seedPool(local, {
    poolName: 'node-cli-account',
    autoVerify: ['email'],
    devices: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
    threatProtection: 'AUDIT',
    userAuth: true,
    preventUserExistenceErrors: true,
    users: [],
  })
  return { userPoolId, clientId }
}

/** The code the server "e-mailed" to the user last, printed as the user would read it. */
function emailedCode(local: LocalCognito, username: string): string {
  const message = local.outbox.last(username)
  if (!message || message.channel !== 'EMAIL') throw new Error(`no e-mail to ${username} in the outbox`)
  console.log(`  the code e-mailed to ${message.destination}: ${message.code}`)
  return message.code
}

/** One recorded auth event: its type and outcome, the device it issued or presented, and the context it carried. */
function describeEvent(event: LocalAuthEvent): string {
  const device = event.deviceKeyIssued
    ? `issued device ${short(event.deviceKeyIssued)}`
    : event.deviceKeyPresented
      ? `presented device ${short(event.deviceKeyPresented)}`
      : 'no device'
  const context =
    event.contextData?.encodedData === undefined ? 'no context' : `EncodedData=${JSON.stringify(event.contextData.encodedData)}`
  // ConfirmSignUp and ConfirmForgotPassword are the local server's own records of those calls' context
  const localOnly =
    event.eventType === 'ConfirmSignUp' || event.eventType === 'ConfirmForgotPassword'
      ? '  (local server only: not an event Cognito lists)'
      : ''
  return `${event.eventType.padEnd(21)} ${event.response.padEnd(10)} ${device.padEnd(39)} ${context}${localOnly}`
}

/** The events the server kept for the user, printed; checks that they name the device and carry the context. */
function showAuthEvents(local: LocalCognito, deviceKey: string): void {
  const events = local.authEvents.forUser(ACCOUNT.username)
  for (const event of events) console.log(`  ${describeEvent(event)}`)
  const signIns = events.filter((e) => e.eventType === 'SignIn')
  if (signIns[0]?.deviceKeyIssued !== deviceKey) throw new Error('the sign-in after sign-up should have issued the device')
  if (signIns.at(-1)?.deviceKeyPresented !== deviceKey) throw new Error('the sign-in after the reset should have presented the device')
  if (!events.every((e) => e.contextData?.encodedData === DEMO_CONTEXT.encodedData)) throw new Error('every event should carry the context')
}

/** The scripted walk through the account flows: each step states what should happen and checks it did. */
export async function accountTour(client: AuthClient, local: LocalCognito, counter: { calls: number }): Promise<void> {
  const { chapter, calls } = chapters(counter)
  const { username, email, password, newPassword } = ACCOUNT

  chapter('1. Sign up: Cognito creates the user unconfirmed and e-mails a code (UserContextData goes with every call)')
  let view = await client.signUp({ username, password, attributes: { email } })
  expectStep(view, 'confirmSignUp', 'sign-up')
  if (view.delivery?.medium !== 'EMAIL') throw new Error('the code should go by e-mail')
  calls(1, 'sign-up') // SignUp

  chapter("2. The confirmation code, read from the local server's outbox")
  const signUpCode = emailedCode(local, username)

  chapter(
    "3. The code confirms the user, who is signed in with Cognito's session (USER_AUTH, no password), and the new device is confirmed",
  )
  view = await client.submitCode(signUpCode)
  expectStep(view, 'rememberDevice', 'after the code')
  const deviceKey = view.deviceKey
  calls(3, 'confirm and sign in') // ConfirmSignUp, InitiateAuth USER_AUTH, ConfirmDevice

  chapter('4. "Remember this device?" yes (UpdateDeviceStatus)')
  view = await client.rememberDevice(true)
  expectStep(view, 'signedIn', 'remember')
  if (view.device?.status !== 'remembered') throw new Error('the device should be remembered')
  calls(1, 'remember') // UpdateDeviceStatus

  chapter('5. Sign out (RevokeToken)')
  view = await client.signOut()
  expectStep(view, 'signedOut', 'sign out')
  calls(1, 'sign out')

  chapter('6. Forgot password: a reset code to the verified e-mail (ForgotPassword)')
  view = await client.forgotPassword({ username })
  expectStep(view, 'resetPassword', 'forgot password')
  calls(1, 'forgot password')

  chapter('7. The reset code, read from the outbox')
  const resetCode = emailedCode(local, username)

  chapter('8. Reset: the code and the new password (ConfirmForgotPassword)')
  view = await client.resetPassword({ code: resetCode, password: newPassword })
  expectStep(view, 'signedOut', 'reset')
  if (view.notice !== 'passwordReset') throw new Error('the view should say that the password was reset')
  calls(1, 'reset')

  chapter('9. Sign in with the new password: the remembered device survives the reset (DEVICE_SRP_AUTH, no new device)')
  view = await client.signIn({ username, password: newPassword })
  expectStep(view, 'signedIn', 'sign-in after the reset')
  if (view.device?.deviceKey !== deviceKey || view.device.status !== 'remembered') throw new Error('the remembered device should be used')
  calls(4, 'sign-in after the reset') // InitiateAuth, PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER

  chapter("10. What threat protection recorded: the server's auth events for ana, with the device keys Cognito keeps to itself")
  showAuthEvents(local, deviceKey)
  await client.signOut()
}
