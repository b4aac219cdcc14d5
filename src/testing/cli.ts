#!/usr/bin/env node
/**
 * `cognito-auth-machine-local`: runs the local Cognito test server until interrupted. The first line
 * of stdout is its endpoint; with `--seed` the second is the seeded pool as JSON. A banner on stderr
 * says it is a test server. `--help` lists the flags.
 *
 * @packageDocumentation
 */
import { readSeedOptions, seedPool, type SeedPoolOptions } from './seedPool'
import { isLoopbackHost } from './safety'
import { startLocalCognito, type LocalCognito } from './startLocalCognito'

const USAGE = `usage: cognito-auth-machine-local [options]

A local TEST server that imitates Amazon Cognito user pools. It is not Amazon Cognito.

  --port <n>              port to listen on (default 9229; 0 picks a free one)
  --host <address>        interface to bind (default 127.0.0.1; loopback only unless --allow-remote)
  --allow-remote          allow a --host other machines can reach (prints a warning)
  --allow-origin <origin> a browser origin besides loopback pages, e.g. https://app.test:8443 (repeatable)
  --allow-host <name>     a Host header name besides loopback names and the bound host (repeatable)
  --region <region>       region in pool ids and issuers (default us-east-1)
  --seed                  create a pool, an app client and a user; print them as JSON after the endpoint
  --seed-options <json>   what --seed creates (seedPool options), e.g. '{"mfa":"ON","enrolTotp":true}'; implies --seed
  -h, --help              this text
`

/** The command line, parsed. */
interface Args {
  port: number
  host: string
  region: string
  allowRemote: boolean
  allowedOrigins: string[]
  allowedHosts: string[]
  seed: SeedPoolOptions | undefined
}

function parseSeedOptions(text: string): SeedPoolOptions {
  try {
    return JSON.parse(text) as SeedPoolOptions
  } catch (error) {
    throw new Error(`--seed-options must be JSON (${error instanceof Error ? error.message : String(error)})`)
  }
}

function parse(argv: string[]): Args | 'help' {
  const out: Args = {
    port: 9229,
    host: '127.0.0.1',
    region: 'us-east-1',
    allowRemote: false,
    allowedOrigins: [],
    allowedHosts: [],
    seed: undefined,
  }
  const words = argv.values()
  for (const arg of words) {
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = () => {
      const next = inline ?? words.next().value
      if (next === undefined) throw new Error(`${flag} needs a value`)
      return next
    }
    if (flag === '--port') out.port = Number(value())
    else if (flag === '--host') out.host = value()
    else if (flag === '--region') out.region = value()
    else if (flag === '--allow-remote') out.allowRemote = true
    else if (flag === '--allow-origin') out.allowedOrigins.push(value())
    else if (flag === '--allow-host') out.allowedHosts.push(value())
    else if (flag === '--seed') out.seed ??= {}
    else if (flag === '--seed-options') out.seed = parseSeedOptions(value())
    else if (flag === '--help' || flag === '-h') return 'help'
    else throw new Error(`unknown argument ${arg} (--help lists the flags)`)
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('--port needs a number from 0 to 65535')
  return out
}

/** What the banner says: what this is, where it listens and whom it serves. */
function banner(cognito: LocalCognito, args: Args): string {
  const reach = isLoopbackHost(args.host) ? 'loopback only' : 'REACHABLE FROM OTHER MACHINES'
  const origins = ['loopback pages', ...args.allowedOrigins].join(', ')
  return [
    'cognito-auth-machine-local: a local TEST server imitating Amazon Cognito user pools. It is NOT Amazon Cognito.',
    '  Users, passwords and tokens live in memory; admin operations take any SigV4 credentials (e.g. local/local).',
    `  Listening on ${cognito.endpoint} (${reach}); browsers: ${origins}. Ctrl-C stops it.`,
    '',
  ].join('\n')
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2))
  if (args === 'help') {
    process.stdout.write(USAGE)
    return
  }
  const { seed, ...options } = args
  if (seed !== undefined) readSeedOptions(seed) // bad seed options fail before the server starts
  const cognito = await startLocalCognito(options)
  process.stderr.write(banner(cognito, args))
  process.stdout.write(`${cognito.endpoint}\n`)
  const stop = () => void cognito.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  if (seed === undefined) return
  try {
    const pool = await seedPool(cognito, seed)
    process.stdout.write(`${JSON.stringify(pool)}\n`)
  } catch (error) {
    await cognito.close()
    throw error
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`cognito-auth-machine-local: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
