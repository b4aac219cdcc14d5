import { AuthError, bounded, causeOf, failure, fromCognitoError } from '../errors'
import type { SdkCall } from './awsSdkCalls'
import type { CognitoTransport } from './CognitoTransport'
import type { CognitoOutput } from './operations'
import { withRetry, type RetryOptions } from './withRetry'

/** Options of {@link awsSdkTransport}. */
export interface AwsSdkTransportOptions {
  /** Overrides the endpoint the client passes. */
  endpoint?: string
  /** Retry of throttling, 5xx and network failures (the SDK's own retry is turned off). */
  retry?: RetryOptions
}

/**
 * The transport built on `@aws-sdk/client-cognito-identity-provider` (AWS SDK v3), the client's default
 * outside browsers (the browser build defaults to {@link fetchTransport}).
 * The SDK, and the code that drives it (`awsSdkCalls`), are imported on the first request, so a bundle
 * that never uses this transport never loads them; an app that passes `transport: fetchTransport()`
 * does not pay for them.
 *
 * @param options - endpoint override and retry policy
 * @example
 * ```ts
 * import { awsSdkTransport, createAuthClient } from 'cognito-auth-machine'
 *
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example', transport: awsSdkTransport() })
 * ```
 */
export function awsSdkTransport(options: AwsSdkTransportOptions = {}): CognitoTransport {
  let call: Promise<SdkCall> | undefined
  return {
    send: (operation, input, target, sendOptions) =>
      withRetry(
        async () => {
          call ??= import('./awsSdkCalls').then(
            (module) => module.sdkCall(options.endpoint),
            (error: unknown) => {
              throw new AuthError('UNKNOWN', 'could not load @aws-sdk/client-cognito-identity-provider', {
                cause: { name: 'ImportError', message: causeOf(error).message },
              })
            },
          )
          const sent = (await call)(operation, input, target, sendOptions?.signal)
          if (!sent) throw new AuthError('UNSUPPORTED_OPERATION', `${operation} is not an operation of this client`)
          try {
            const { $metadata: _metadata, ...body } = await sent
            return body as CognitoOutput<typeof operation>
          } catch (error) {
            throw sdkError(operation, error)
          }
        },
        options.retry,
        sendOptions?.signal,
      ),
  }
}

/**
 * An AWS SDK failure as an {@link AuthError}: Cognito's exception by name, else a 5xx or a network
 * failure. The admin helpers map their SDK errors with it too.
 *
 * @param operation - the operation name, for the message
 * @param error - what the SDK threw
 * @internal
 */
export function sdkError(operation: string, error: unknown): AuthError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown
    message?: unknown
    $metadata?: { httpStatusCode?: number }
    $fault?: unknown
  }
  const name = typeof e.name === 'string' ? e.name : 'Error'
  const message = bounded(typeof e.message === 'string' ? e.message : String(error))
  const status = e.$metadata?.httpStatusCode
  if (status !== undefined && e.$fault !== undefined && name !== 'Error' && !/^(TypeError|SyntaxError)$/.test(name)) {
    return fromCognitoError(name, message, status)
  }
  if (status !== undefined && status >= 500) {
    return failure('INTERNAL_ERROR', { name, message: `${operation}: ${message}`, status })
  }
  if (status !== undefined) {
    // an answer came, but the SDK could not read it
    return failure('UNEXPECTED_RESPONSE', { name, message: `${operation}: ${message}`, status })
  }
  return failure('NETWORK_ERROR', { name, message: `${operation}: ${message}` })
}
