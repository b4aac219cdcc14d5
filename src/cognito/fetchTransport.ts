import { causeOf, failure, fromCognitoError } from '../errors'
import { isObject, parseJson } from '../json'
import { defaultEndpoint, type CognitoTarget, type CognitoTransport } from './CognitoTransport'
import type { CognitoInput, CognitoOperation, CognitoOutput } from './operations'
import { withRetry, type RetryOptions } from './withRetry'

/** Options of {@link fetchTransport}. */
export interface FetchTransportOptions {
  /** Overrides the endpoint the client passes (default `https://cognito-idp.{region}.amazonaws.com/`). */
  endpoint?: string
  /** The `fetch` to use; default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** Retry of throttling, 5xx and network failures. */
  retry?: RetryOptions
}

/**
 * A small AWS JSON 1.1 client for Cognito's unsigned user-pool operations, built on `fetch`. Pass it
 * as `transport` to keep the AWS SDK out of a browser bundle.
 *
 * @param options - endpoint override, fetch implementation, retry policy
 * @example
 * ```ts
 * import { createAuthClient, fetchTransport } from 'cognito-auth-machine'
 *
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example', transport: fetchTransport() })
 * ```
 */
export function fetchTransport(options: FetchTransportOptions = {}): CognitoTransport {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args))
  async function once<O extends CognitoOperation>(
    operation: O,
    input: CognitoInput<O>,
    target: CognitoTarget,
    signal: AbortSignal | undefined,
  ): Promise<CognitoOutput<O>> {
    let response: Response
    let text: string
    try {
      response = await doFetch(options.endpoint ?? target.endpoint ?? defaultEndpoint(target.region), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
          'Cache-Control': 'no-store',
        },
        body: JSON.stringify(input),
        // Cognito never redirects; without this, fetch copies (tees) every request body in case it must follow one
        redirect: 'error',
        signal,
      })
      text = await response.text()
    } catch (error) {
      const cause = causeOf(error)
      throw failure('NETWORK_ERROR', cause)
    }
    const status = response.status
    if (text.length > MAX_BODY) throw failure('UNEXPECTED_RESPONSE', { name: 'ResponseTooLarge', message: operation, status })
    const body = text.trim() === '' ? {} : parseJson(text)
    if (!response.ok) {
      const record = (body ?? {}) as Record<string, unknown>
      const type = pickString(record.__type) ?? response.headers.get('x-amzn-errortype')
      const message = pickString(record.message) ?? pickString(record.Message) ?? response.statusText
      if (type) throw fromCognitoError(type, message, status)
      throw failure(status >= 500 ? 'INTERNAL_ERROR' : 'UNEXPECTED_RESPONSE', {
        name: 'HttpError',
        message: `${operation}: HTTP ${status} ${message}`,
        status,
      })
    }
    if (!isObject(body)) {
      throw failure('UNEXPECTED_RESPONSE', { name: 'ParseError', message: `${operation}: not a JSON object`, status })
    }
    return body as CognitoOutput<O>
  }
  return {
    send: (operation, input, target, sendOptions) =>
      withRetry(() => once(operation, input, target, sendOptions?.signal), options.retry, sendOptions?.signal),
  }
}

/** The largest response body read (Cognito's answers are a few kilobytes). */
const MAX_BODY = 1 << 20

function pickString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
