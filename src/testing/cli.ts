#!/usr/bin/env node
/**
 * `cognito-auth-machine-local [--port 9229] [--host 127.0.0.1] [--region us-east-1]`: runs the local
 * Cognito-compatible server until interrupted and prints its endpoint.
 *
 * @packageDocumentation
 */
import { startLocalCognito } from './startLocalCognito'

function parse(argv: string[]): { port: number; host: string; region: string } {
  const out = { port: 9229, host: '127.0.0.1', region: 'us-east-1' }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes('=') ? arg.split('=', 2) : [arg, undefined]
    const value = () => inline ?? argv[++i] ?? ''
    if (flag === '--port') out.port = Number(value())
    else if (flag === '--host') out.host = value()
    else if (flag === '--region') out.region = value()
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: cognito-auth-machine-local [--port 9229] [--host 127.0.0.1] [--region us-east-1]\n')
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}`)
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('--port needs a number from 0 to 65535')
  return out
}

async function main(): Promise<void> {
  const cognito = await startLocalCognito(parse(process.argv.slice(2)))
  process.stdout.write(`${cognito.endpoint}\n`)
  const stop = () => void cognito.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`cognito-auth-machine-local: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
