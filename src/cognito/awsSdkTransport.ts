import { AuthError } from '../errors'
import type { SdkCall } from './awsSdkCalls'
import type { CognitoTransport } from './CognitoTransport'
import { withRetry, type RetryOptions } from './withRetry'

/** Options of {@link awsSdkTransport}. */
export interface AwsSdkTransportOptions {
  /** Overrides the endpoint the client passes. */
  endpoint?: string
  /** Retry of throttling, 5xx and network failures (the SDK's own retry is turned off). */
  retry?: RetryOptions
}

/**
 * The transport built on `@aws-sdk/client-cognito-identity-provider` (AWS SDK v3), the client's default.
 * The SDK, and the code that drives it (`awsSdkCalls`), are imported on the first request, so a bundle
 * that never uses this transport never loads them; an app that passes `transport: fetchTransport()`
 * does not pay for them.
 *
 * @param options - endpoint override and retry policy
 * @example
 * ```ts
 * const client = createAuthClient({ userPoolId, clientId, transport: awsSdkTransport() })
 * ```
 */
export function awsSdkTransport(options: AwsSdkTransportOptions = {}): CognitoTransport {
  let call: Promise<SdkCall> | undefined
  return {
    send: (operation, input, target) =>
      withRetry(async () => {
        call ??= import('./awsSdkCalls').then(
          (module) => module.sdkCall(options.endpoint),
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error)
            throw new AuthError('UNKNOWN', 'could not load @aws-sdk/client-cognito-identity-provider', { cause: { name: 'ImportError', message } })
          },
        )
        return (await call)(operation, input, target)
      }, options.retry),
  }
}
