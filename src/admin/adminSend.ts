import { withRetry, type RetryOptions } from '../cognito/withRetry'
import { AuthError, fromCognitoError } from '../errors'

/**
 * An AWS SDK failure as an {@link AuthError}: Cognito's own exceptions by `__type`, then 5xx, then network.
 *
 * @param operation - the operation name, for the message
 * @param error - what the SDK threw
 * @internal
 */
export function adminError(operation: string, error: unknown): AuthError {
  if (error instanceof AuthError) return error
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown
    message?: unknown
    $metadata?: { httpStatusCode?: number }
    $fault?: unknown
  }
  const name = typeof e.name === 'string' ? e.name : 'Error'
  const message = typeof e.message === 'string' ? e.message : String(error)
  const status = e.$metadata?.httpStatusCode
  if (status !== undefined && e.$fault !== undefined && name !== 'Error') return fromCognitoError(name, message, status)
  if (status !== undefined && status >= 500) {
    return new AuthError('INTERNAL_ERROR', `${operation}: HTTP ${status}`, { cause: { name, message, status } })
  }
  return new AuthError('NETWORK_ERROR', `${operation}: network failure (${message})`, { cause: { name, message } })
}

/** Counts the requests a helper makes, retries included. */
export interface CallCounter {
  /** Requests sent so far. */
  calls: number
}

/**
 * Sends one request, repeating it on throttling (`TooManyRequestsException`), 5xx and network failures
 * with backoff within `retry`'s bound, and throws {@link AuthError} only.
 *
 * @param operation - the operation name, for errors
 * @param request - sends the request once, e.g. `() => client.send(new AdminGetDeviceCommand(input))`
 * @param retry - the bound and backoff
 * @param counter - counts every request sent
 * @internal
 */
export function adminSend<T>(operation: string, request: () => Promise<T>, retry?: RetryOptions, counter?: CallCounter): Promise<T> {
  return withRetry(async () => {
    if (counter) counter.calls++
    try {
      return await request()
    } catch (error) {
      throw adminError(operation, error)
    }
  }, retry)
}
