import { AuthError, fromCognitoError } from '../errors'
import type { CognitoTarget, CognitoTransport } from './CognitoTransport'
import type { CognitoInput, CognitoOperation, CognitoOutput } from './operations'
import { withRetry, type RetryOptions } from './withRetry'

/** Options of {@link awsSdkTransport}. */
export interface AwsSdkTransportOptions {
  /** Overrides the endpoint the client passes. */
  endpoint?: string
  /** Retry of throttling, 5xx and network failures (the SDK's own retry is turned off). */
  retry?: RetryOptions
}

type SdkModule = typeof import('@aws-sdk/client-cognito-identity-provider')
interface SdkClient {
  send(command: unknown): Promise<unknown>
}

let sdkModule: Promise<SdkModule> | undefined
function loadSdk(): Promise<SdkModule> {
  sdkModule ??= import('@aws-sdk/client-cognito-identity-provider')
  return sdkModule
}

/**
 * The transport built on `@aws-sdk/client-cognito-identity-provider` (AWS SDK v3), the client's default.
 * The SDK is imported lazily on the first request, so a bundle that never uses this transport never
 * loads it; an app that passes `transport: fetchTransport()` does not pay for it.
 *
 * @param options - endpoint override and retry policy
 * @example
 * ```ts
 * const client = createAuthClient({ userPoolId, clientId, transport: awsSdkTransport() })
 * ```
 */
export function awsSdkTransport(options: AwsSdkTransportOptions = {}): CognitoTransport {
  const clients = new Map<string, SdkClient>()
  async function clientFor(sdk: SdkModule, target: CognitoTarget): Promise<SdkClient> {
    const endpoint = options.endpoint ?? target.endpoint
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
  async function once<O extends CognitoOperation>(operation: O, input: CognitoInput<O>, target: CognitoTarget): Promise<CognitoOutput<O>> {
    let sdk: SdkModule
    try {
      sdk = await loadSdk()
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      throw new AuthError('UNKNOWN', 'could not load @aws-sdk/client-cognito-identity-provider', { cause: { name: 'ImportError', message } })
    }
    const Command = (sdk as unknown as Record<string, new (input: unknown) => unknown>)[`${operation}Command`]
    if (!Command) throw new AuthError('UNSUPPORTED_OPERATION', `the AWS SDK has no ${operation}Command`)
    const client = await clientFor(sdk, target)
    try {
      const output = (await client.send(new Command(input))) as Record<string, unknown>
      const { $metadata: _metadata, ...body } = output
      return body as CognitoOutput<O>
    } catch (error) {
      throw sdkError(operation, error)
    }
  }
  return {
    send: (operation, input, target) => withRetry(() => once(operation, input, target), options.retry),
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
