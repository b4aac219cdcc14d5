import * as sdk from '@aws-sdk/client-cognito-identity-provider'
import { AuthError, fromCognitoError } from '../errors'
import type { CognitoTarget } from './CognitoTransport'
import type { CognitoInput, CognitoOperation, CognitoOutput } from './operations'

/** One request through the AWS SDK, without retry. */
export type SdkCall = <O extends CognitoOperation>(operation: O, input: CognitoInput<O>, target: CognitoTarget) => Promise<CognitoOutput<O>>

interface SdkClient {
  send(command: unknown): Promise<unknown>
}

/**
 * The body of {@link awsSdkTransport}, loaded with the SDK on the first request (a module of its own, so
 * that nothing of it is in a bundle that never sends through the SDK). One SDK client per region and
 * endpoint.
 *
 * @param endpointOverride - the transport's `endpoint` option
 */
export function sdkCall(endpointOverride: string | undefined): SdkCall {
  const clients = new Map<string, SdkClient>()
  function clientFor(target: CognitoTarget): SdkClient {
    const endpoint = endpointOverride ?? target.endpoint
    const key = `${target.region} ${endpoint ?? ''}`
    let client = clients.get(key)
    if (!client) {
      client = new sdk.CognitoIdentityProviderClient({
        region: target.region,
        maxAttempts: 1,
        ...(endpoint ? { endpoint } : {}),
      }) as unknown as SdkClient
      clients.set(key, client)
    }
    return client
  }
  return async (operation, input, target) => {
    const Command = (sdk as unknown as Record<string, new (input: unknown) => unknown>)[`${operation}Command`]
    if (!Command) throw new AuthError('UNSUPPORTED_OPERATION', `the AWS SDK has no ${operation}Command`)
    const client = clientFor(target)
    try {
      const output = (await client.send(new Command(input))) as Record<string, unknown>
      const { $metadata: _metadata, ...body } = output
      return body as CognitoOutput<typeof operation>
    } catch (error) {
      throw sdkError(operation, error)
    }
  }
}

function sdkError(operation: string, error: unknown): AuthError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown
    message?: unknown
    $metadata?: { httpStatusCode?: number }
    $fault?: unknown
    $response?: unknown
    code?: unknown
  }
  const name = typeof e.name === 'string' ? e.name : 'Error'
  const message = typeof e.message === 'string' ? e.message : String(error)
  const status = e.$metadata?.httpStatusCode
  if (status !== undefined && e.$fault !== undefined && name !== 'Error' && !/^(TypeError|SyntaxError)$/.test(name)) {
    return fromCognitoError(name, message, status)
  }
  if (status !== undefined && status >= 500) {
    return new AuthError('INTERNAL_ERROR', `${operation}: HTTP ${status}`, { cause: { name, message, status } })
  }
  return new AuthError('NETWORK_ERROR', `${operation}: network failure (${message})`, { cause: { name, message } })
}
