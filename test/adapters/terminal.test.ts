import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedPool } from '../../examples/seedPool.mjs'
import { createAuthClient } from '../../src/createAuthClient'
import { fetchTransport } from '../../src/cognito/fetchTransport'
import { memoryStorage } from '../../src/storage/memoryStorage'
import { startLocalCognito, type LocalCognito } from '../../src/testing/index'
import { totp } from '../../src/testing/totp'
import { readlineIO, runTerminal, type TerminalIO } from '../../adapters/terminal/index'

/** A person at the terminal: answers each question by its text, and reads what is shown. */
function scriptedIO(answer: (question: string, shown: string[]) => string | null) {
  const shown: string[] = []
  const asked: string[] = []
  const io: TerminalIO = {
    ask: async (question) => (asked.push(question), answer(question, shown)),
    say: (text) => void shown.push(text),
  }
  return { io, shown, asked }
}

describe('terminal prompter over the real client and the local server', () => {
  let server: LocalCognito
  let pool: { userPoolId: string; clientId: string }
  const storage = memoryStorage()
  const user = { username: 'demo@example.com', password: 'Correct-Horse-9' }
  const client = (store = storage) =>
    createAuthClient({
      ...pool,
      region: server.region,
      endpoint: server.endpoint,
      transport: fetchTransport(),
      storage: store,
      trust: { days: 30 },
    })
  let secret = ''
  const code = () => (server.clock.advance(30_000), totp(secret, server.clock.now()))

  beforeAll(async () => {
    server = await startLocalCognito({ port: 0 })
    pool = await seedPool({ endpoint: server.endpoint, region: server.region })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('asks for password, TOTP enrolment and "remember this device?", then offers the signed-in menu', async () => {
    const { io, asked, shown } = scriptedIO((question, said) => {
      if (question.startsWith('Username')) return user.username
      if (question.startsWith('Password')) return user.password
      if (question.startsWith('Code from the authenticator')) {
        secret = /app: ([A-Z2-7]+)/.exec(said.join('\n'))![1]!
        return code()
      }
      if (question.startsWith('Remember this device for 30 days?')) return 'y'
      if (question.startsWith('[l]ist')) return asked.filter((q) => q.startsWith('[l]ist')).length === 1 ? 'l' : 'q'
      return null
    })
    const view = await runTerminal(client(), io)
    expect(view.step).toBe('signedIn')
    expect(asked.map((q) => q.split(' ')[0])).toEqual(['Username', 'Password:', 'Code', 'Remember', '[l]ist', '[l]ist'])
    expect(shown.join('\n')).toMatch(/otpauth:\/\/totp\//)
    expect(shown.join('\n')).toMatch(/device remembered, trusted until \d{4}-/)
    expect(shown.some((line) => /^ {2}\* \S+_\S+ remembered/.test(line))).toBe(true)
  })

  it('a new client restores the stored session; after sign-out the remembered device signs in with no MFA question', async () => {
    const lists = () => asked.filter((q) => q.startsWith('[l]ist')).length
    const { io, asked } = scriptedIO((question) => {
      if (question.startsWith('Username')) return user.username
      if (question.startsWith('Password')) return user.password
      if (question.startsWith('[l]ist')) return lists() === 1 ? 'o' : 'q'
      return null
    })
    const view = await runTerminal(client(), io)
    expect(view.step).toBe('signedIn')
    expect(asked.map((q) => q.split(' ')[0])).toEqual(['[l]ist', 'Username', 'Password:', '[l]ist'])
  })

  it('a wrong code is said in the same step, which asks again; the right code then signs in', async () => {
    const fresh = memoryStorage()
    let codes = 0
    const { io, asked, shown } = scriptedIO((question) => {
      if (question.startsWith('Username')) return user.username
      if (question.startsWith('Password')) return user.password
      if (question.startsWith('Code (TOTP')) return codes++ === 0 ? '000000' : code()
      if (question.startsWith('Remember')) return 'n'
      return null
    })
    const view = await runTerminal(client(fresh), io, (v) => v.step === 'signedIn')
    expect(view.step).toBe('signedIn')
    expect(asked.filter((q) => q.startsWith('Code (TOTP'))).toHaveLength(2)
    // the error comes after the first answer and before the step asks again
    const error = shown.indexOf('Error: That code is not right. Check it and try again.')
    expect(error).toBeGreaterThan(-1)
  })

  it('stops where `until` says, and when input ends', async () => {
    const wrong = scriptedIO((q) => (q.startsWith('Username') ? user.username : q.startsWith('Password') ? 'wrong password' : null))
    const failed = await runTerminal(client(memoryStorage()), wrong.io, (v) => v.step === 'signedOut' && v.error !== null)
    expect(failed).toMatchObject({ step: 'signedOut', error: { code: 'NOT_AUTHORIZED' } })
    expect(wrong.asked).toEqual(['Username (empty to quit):', 'Password:'])
    const ended = await runTerminal(client(memoryStorage()), scriptedIO(() => null).io)
    expect(ended.step).toBe('signedOut')
  })
})

describe('readlineIO', () => {
  it('reads answers line by line, does not echo secrets, and answers null once input ends', async () => {
    const input = new PassThrough()
    const output = new PassThrough()
    let written = ''
    output.on('data', (chunk: Buffer) => (written += chunk.toString()))
    const io = readlineIO(input, output)
    input.write('ana\nhunter2\n')
    expect(await io.ask('Username:')).toBe('ana')
    expect(await io.ask('Password:', { secret: true })).toBe('hunter2')
    io.say('done')
    input.end()
    expect(await io.ask('More?')).toBeNull()
    io.close()
    expect(written).toBe('Username: Password: done\nMore? ')
  })
})
