// `npm start` tells the device-tracking story: run it as a user would, and read its transcript for every
// challenge of the story and the effect of each device operation.
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'

function runTour(args: string[] = []): Promise<{ code: number | null; out: string }> {
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

/** The transcript's call lines, without their times. */
const callLines = (out: string) =>
  out
    .split('\n')
    .filter((line) => line.includes('  call  '))
    .map((line) => line.replace(/^.*?  call  /, '').replace(/\s+\(\d+ ms\)$/, ''))

describe.each([[], ['--fetch']])('npm start %s', (...args) => {
  it('names every challenge of the story and what each device operation did', { timeout: 120_000 }, async () => {
    const { code, out } = await runTour(args)
    expect(code, out).toBe(0)
    const calls = callLines(out)
    const has = (pattern: RegExp) =>
      expect(
        calls.some((line) => pattern.test(line)),
        `${pattern} in\n${calls.join('\n')}`,
      ).toBe(true)
    has(/^InitiateAuth USER_SRP_AUTH -> challenge PASSWORD_VERIFIER$/)
    has(/^RespondToAuthChallenge PASSWORD_VERIFIER -> challenge MFA_SETUP$/)
    has(/^RespondToAuthChallenge MFA_SETUP -> tokens \+ NewDeviceMetadata/)
    has(/^RespondToAuthChallenge PASSWORD_VERIFIER -> challenge DEVICE_SRP_AUTH$/)
    has(/^RespondToAuthChallenge DEVICE_SRP_AUTH -> challenge DEVICE_PASSWORD_VERIFIER$/)
    has(/^RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER -> tokens$/)
    has(/^RespondToAuthChallenge PASSWORD_VERIFIER -> challenge SOFTWARE_TOKEN_MFA$/)
    has(/^RespondToAuthChallenge SOFTWARE_TOKEN_MFA -> tokens \+ NewDeviceMetadata/)
    has(/^InitiateAuth USER_SRP_AUTH presenting device /)
    has(/^ConfirmDevice .*UserConfirmationNecessary=true \(the user is asked\)$/)
    has(/^UpdateDeviceStatus .* -> remembered/)
    has(/^ForgetDevice .*the expired key is gone/)
    // no call goes by its operation name alone
    expect(calls.filter((line) => /^RespondToAuthChallenge( ok)?$/.test(line))).toEqual([])
  })
})
