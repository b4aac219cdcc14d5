#!/usr/bin/env node
/**
 * `cognito-auth-machine-sweep`: the trust-expiry sweep as a command, for a daily schedule (cron, a
 * Kubernetes CronJob, an ECS scheduled task, an EventBridge rule). See {@link runSweepCli} for the options.
 *
 * @packageDocumentation
 */
import { runSweepCli } from './sweepCli'

// A command-line process, not the library: the SDK's Node-version notice is noise on every scheduled run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

runSweepCli(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status
  },
  (error: unknown) => {
    process.stderr.write(`cognito-auth-machine-sweep: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
