import { parseArgs } from 'node:util'
import { DEFAULT_RETRY, sweepExpiredTrust, type SweepReport } from './sweepExpiredTrust'

/** Where {@link runSweepCli} writes. */
export interface CliOutput {
  /** The report (one JSON line). */
  stdout: (text: string) => void
  /** Usage, progress and failures. */
  stderr: (text: string) => void
}

/** The `--help` text. */
export const SWEEP_USAGE = `usage: cognito-auth-machine-sweep --user-pool-id <id> --days <n> [options]

Marks not_remembered every remembered device created --days or more ago (Cognito's DeviceCreateDate
decides; an earlier deadline in --attribute ends a period sooner, never later). Safe to run again at
any time; meant for a daily schedule.

  --user-pool-id <id>     the pool, e.g. eu-west-1_AbCdEf123 (required)
  --days <n>              the trust period, the clients' trust.days (required)
  --attribute <name>      the clients' trust.attribute, e.g. custom:trusted_devices (optional)
  --region <region>       default: AWS_REGION, else the region in the pool id
  --endpoint <url>        another endpoint (a VPC endpoint, a local server)
  --dry-run               report what would change, change nothing
  --now <time>            judge expiry at this ISO time or epoch ms instead of now
  --concurrency <n>       users handled at once (default 4)
  --max-attempts <n>      attempts per request on throttling/5xx (default 6)
  --verbose               one line per changed user on stderr

Credentials come from the AWS SDK's default chain (environment, profile, instance or task role).
Prints the report as one JSON line. Exit status: 0 done, 1 done with errors (run again), 2 bad usage.`

const SWEEP_OPTIONS = {
  'user-pool-id': { type: 'string' },
  days: { type: 'string' },
  attribute: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'dry-run': { type: 'boolean' },
  now: { type: 'string' },
  concurrency: { type: 'string' },
  'max-attempts': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

type SweepArgs = Partial<
  Record<'user-pool-id' | 'days' | 'attribute' | 'region' | 'endpoint' | 'now' | 'concurrency' | 'max-attempts', string>
> &
  Partial<Record<'dry-run' | 'verbose' | 'help', boolean>>

/** The arguments the sweep needs, read and checked, or what is wrong with them. */
function validated(values: SweepArgs) {
  const userPoolId = values['user-pool-id']
  const days = values.days === undefined ? undefined : Number(values.days)
  const now = values.now === undefined ? undefined : /^\d+$/.test(values.now) ? Number(values.now) : Date.parse(values.now)
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency)
  const attempts = values['max-attempts'] === undefined ? DEFAULT_RETRY.attempts : Number(values['max-attempts'])
  if (!userPoolId) return '--user-pool-id is required'
  if (days === undefined || !(days > 0 && Number.isFinite(days))) return '--days is required: a positive number of days'
  if (now !== undefined && !Number.isFinite(now)) return '--now must be an ISO time or epoch milliseconds'
  if (!Number.isInteger(attempts) || attempts < 1) return '--max-attempts must be a positive integer'
  return { userPoolId, days, attribute: values.attribute, now, concurrency, attempts }
}

/** The report as printed: errors flattened to code and message. */
function printable(report: SweepReport): object {
  return {
    ...report,
    errors: report.errors.map(({ username, deviceKey, error }) => ({ username, deviceKey, code: error.code, message: error.message })),
  }
}

/**
 * The `cognito-auth-machine-sweep` command: parses `argv`, runs {@link sweepExpiredTrust} and prints the
 * report. Resolves with the exit status.
 *
 * @param argv - the arguments after the program name
 * @param out - where to write
 * @param env - the environment (for `AWS_REGION`)
 * @example
 * ```ts
 * import { runSweepCli } from 'cognito-auth-machine/admin'
 *
 * process.exitCode = await runSweepCli(process.argv.slice(2))
 * ```
 */
export async function runSweepCli(
  argv: readonly string[],
  out: CliOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  let values: SweepArgs
  try {
    values = parseArgs({ args: [...argv], strict: true, options: SWEEP_OPTIONS }).values
  } catch (error) {
    out.stderr(`${error instanceof Error ? error.message : String(error)}\n${SWEEP_USAGE}\n`)
    return 2
  }
  if (values.help) {
    out.stdout(`${SWEEP_USAGE}\n`)
    return 0
  }
  const args = validated(values)
  if (typeof args === 'string') {
    out.stderr(`${args}\n${SWEEP_USAGE}\n`)
    return 2
  }
  const { userPoolId, days, attribute, now, concurrency, attempts } = args
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? userPoolId.split('_')[0]
  try {
    const report = await sweepExpiredTrust({
      userPoolId,
      days,
      ...(attribute ? { attribute } : {}),
      region,
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
      ...(now !== undefined ? { now } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      dryRun: values['dry-run'] ?? false,
      retry: { ...DEFAULT_RETRY, attempts },
      ...(values.verbose
        ? {
            onUser: (u) =>
              out.stderr(`${u.username}: expired ${u.expired.join(',') || '-'}; pruned ${u.pruned.length}; errors ${u.errors.length}\n`),
          }
        : {}),
    })
    out.stdout(`${JSON.stringify(printable(report))}\n`)
    return report.errors.length === 0 && report.complete ? 0 : 1
  } catch (error) {
    if (error instanceof TypeError) {
      out.stderr(`${error.message}\n`)
      return 2
    }
    throw error
  }
}
