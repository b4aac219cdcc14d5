// `npm start -- --account` tells the account story: run it as a user would, and read its transcript for
// every step in order (sign-up, the e-mailed code, the sign-in with Cognito's session, the new device
// confirmed and remembered, sign out, forgot password, the reset code, the reset, the sign-in with the new
// password on the remembered device), threat protection's context on each call that takes it, and the
// auth events the server recorded naming the device.
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'

function runTour(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['examples/node-cli/run.mjs', ...args], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('close', (code) => resolve({ code, out }))
  })
}

/** The transcript's lines without their times: `call …` and `view …` for calls and views, the rest trimmed. */
const transcript = (out: string) =>
  out
    .split('\n')
    .map((line) => {
      const timed = /^\s+\+\s*[\d.]+s \S+  (call|view)  (.*?)(?:\s+\(\d+ ms\))?$/.exec(line)
      return timed ? `${timed[1]} ${timed[2]}` : line.trim()
    })
    .filter(Boolean)

/** Each pattern matches a line after the line the one before matched; returns the matches. */
function inOrder(lines: string[], patterns: RegExp[]): RegExpExecArray[] {
  let at = -1
  return patterns.map((pattern) => {
    const index = lines.findIndex((line, i) => i > at && pattern.test(line))
    expect(index, `${pattern} after line ${at} (${lines[at] ?? 'the start'}) in\n${lines.join('\n')}`).toBeGreaterThan(at)
    at = index
    return pattern.exec(lines[index] ?? '') as RegExpExecArray
  })
}

const CONTEXT = String.raw`  \[UserContextData EncodedData="demo-EncodedData"\]`
const KEY = String.raw`(us-east-1_[0-9a-f-]{10})…`

describe.each([
  { transport: 'the AWS SDK', args: [] },
  { transport: 'fetchTransport()', args: ['--fetch'] },
])('npm start -- --account, through $transport', ({ args }) => {
  it(
    'walks sign-up, its code, the sign-in with the session, remember, sign out, reset and the sign-in on the remembered device, in order',
    { timeout: 120_000 },
    async () => {
      const { code, out } = await runTour(['--account', ...args])
      expect(code, out).toBe(0)
      const lines = transcript(out)
      const [, , , issued, , , , , , , , , presented, , , , , eventIssued, eventPresented] = inOrder(lines, [
        new RegExp(`^call SignUp ana: created unconfirmed, code sent by EMAIL to a\\*+@e\\*+ \\+ Session${CONTEXT}$`),
        /^the code e-mailed to ana@example\.com: \d{6}$/,
        new RegExp(`^call ConfirmSignUp ana with the code and SignUp's Session -> confirmed \\+ Session for the sign-in${CONTEXT}$`),
        new RegExp(
          `^call InitiateAuth USER_AUTH with ConfirmSignUp's Session, no password -> tokens \\+ NewDeviceMetadata \\(new device key ${KEY}\\)${CONTEXT}$`,
        ),
        /^call ConfirmDevice .*UserConfirmationNecessary=true \(the user is asked\)$/,
        /^view rememberDevice .*reason=newDevice/,
        /^call UpdateDeviceStatus .* -> remembered/,
        /^view signedIn .* remembered/,
        /^call RevokeToken/,
        new RegExp(`^call ForgotPassword ana: reset code sent by EMAIL to a\\*+@e\\*+${CONTEXT}$`),
        /^the code e-mailed to ana@example\.com: \d{6}$/,
        new RegExp(`^call ConfirmForgotPassword ana with the code: the new password is set${CONTEXT}$`),
        new RegExp(`^call InitiateAuth USER_SRP_AUTH presenting device ${KEY} -> challenge PASSWORD_VERIFIER${CONTEXT}$`),
        new RegExp(`^call RespondToAuthChallenge PASSWORD_VERIFIER -> challenge DEVICE_SRP_AUTH${CONTEXT}$`),
        new RegExp(`^call RespondToAuthChallenge DEVICE_SRP_AUTH -> challenge DEVICE_PASSWORD_VERIFIER${CONTEXT}$`),
        // tokens and no NewDeviceMetadata: the same device, still remembered
        new RegExp(`^call RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER -> tokens${CONTEXT}$`),
        /^view signedIn .* remembered/,
        new RegExp(`^SignIn +Pass +issued device ${KEY} +EncodedData="demo-EncodedData"$`),
        new RegExp(`^SignIn +Pass +presented device ${KEY} +EncodedData="demo-EncodedData"$`),
      ])
      // one device from the sign-up to the end: issued to the sign-in with the session, presented after the reset
      expect(new Set([issued?.[1], presented?.[1], eventIssued?.[1], eventPresented?.[1]]).size).toBe(1)
      expect(lines.filter((line) => / -> tokens \+ NewDeviceMetadata/.test(line))).toHaveLength(1)
      // no password goes with the sign-in after sign-up, and no call goes by its operation name alone
      expect(lines.filter((line) => /^call \w+$/.test(line))).toEqual([])
      expect(lines.at(-1)).toBe('done')
    },
  )
})

it('--account is scripted: it refuses --interactive', async () => {
  const { code, out } = await runTour(['--account', '--interactive'])
  expect(code).toBe(2)
  expect(out).toMatch(/--account is a scripted tour/)
})
