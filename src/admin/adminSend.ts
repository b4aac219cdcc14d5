import { withRetry, type RetryOptions } from '../cognito/withRetry'
import { sdkError } from '../cognito/awsSdkTransport'
import { AuthError } from '../errors'

/**
 * An AWS SDK failure as an {@link AuthError}: Cognito's own exceptions by `__type`, then 5xx, then network.
 *
 * @param operation - the operation name, for the message
 * @param error - what the SDK threw
 * @internal
 */
function adminError(operation: string, error: unknown): AuthError {
  return error instanceof AuthError ? error : sdkError(operation, error)
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
