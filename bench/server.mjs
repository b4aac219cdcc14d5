// npm run bench:server — full USER_SRP_AUTH sign-ins per second (InitiateAuth + PASSWORD_VERIFIER, SRP verified,
// RS256 tokens issued) against the local Cognito-compatible server, with 8 concurrent clients. The server runs in
// its own process (the bin, bundled from source), the clients here with the real AWS SDK client and ./srp.
// No peer is measured side by side: no installable emulator verifies SRP (cognito-local rejects USER_SRP_AUTH and the
// device operations, moto accepts any PASSWORD_CLAIM_SIGNATURE, LocalStack's Cognito needs a paid licence).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { bundle, importText } from './lib.mjs'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const CLIENTS = 8
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const PASSWORD = 'Bench-passw0rd'

const cli = join(mkdtempSync(join(tmpdir(), 'bench-server-')), 'cli.mjs')
writeFileSync(cli, await bundle({ entry: 'src/testing/cli.ts', platform: 'node', minify: false }))
const srp = await importText(await bundle({ entry: 'src/srp/index.ts', platform: 'node', minify: false }))

/** CPU seconds the server process has used (Linux /proc; 0 elsewhere). */
const serverCpuSeconds = () => {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
const endpoint = await new Promise((resolve, reject) => {
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
    if (out.includes('\n')) resolve(out.trim())
  })
  child.on('exit', (code) => reject(new Error(`server exited with ${code}`)))
})

try {
  const sdk = new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  })
  const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: 'bench' }))
  const poolId = UserPool.Id
  const { UserPoolClient } = await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'bench' }))
  const clientId = UserPoolClient.ClientId
  const users = Array.from({ length: CLIENTS }, (_, i) => `user${i}`)
  for (const Username of users) {
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }))
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: PASSWORD, Permanent: true }))
  }

  const signIn = async (username) => {
    const ephemeral = await srp.generateEphemeral()
    const start = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: username, SRP_A: ephemeral.srpA },
      }),
    )
    const p = start.ChallengeParameters
    const claim = await srp.computePasswordClaim({
      poolId,
      userIdForSrp: p.USER_ID_FOR_SRP,
      password: PASSWORD,
      srpB: p.SRP_B,
      salt: p.SALT,
      secretBlock: p.SECRET_BLOCK,
      ephemeral,
    })
    const done = await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: start.Session,
        ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP, ...claim },
      }),
    )
    if (!done.AuthenticationResult?.AccessToken) throw new Error('sign-in did not finish')
  }

  for (const u of users) await signIn(u) // warm-up: verifiers cached, JIT warm
  const serverCpuBefore = serverCpuSeconds()
  let count = 0
  const deadline = performance.now() + SECONDS * 1000
  const started = performance.now()
  await Promise.all(
    users.map(async (u) => {
      while (performance.now() < deadline) {
        await signIn(u)
        count++
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  const serverCpu = serverCpuSeconds() - serverCpuBefore
  console.log(
    `local Cognito server: ${(count / elapsed).toFixed(1)} sign-ins/s (USER_SRP_AUTH + PASSWORD_VERIFIER, ${CLIENTS} concurrent clients, ${count} in ${elapsed.toFixed(1)} s)`,
  )
  if (serverCpu > 0) console.log(`server CPU per sign-in: ${((serverCpu * 1000) / count).toFixed(1)} ms (of one core)`)
  console.log('peers: none measured; cognito-local and moto do not verify SRP, LocalStack needs a licence')
} finally {
  child.kill('SIGTERM')
}
