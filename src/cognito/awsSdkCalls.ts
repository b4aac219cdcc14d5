import * as sdk from '@aws-sdk/client-cognito-identity-provider'
import type { CognitoTarget } from './CognitoTransport'

/**
 * One request through the AWS SDK, without retry: the SDK's output, or its error as thrown; `undefined`
 * when the SDK has no command of that name.
 */
export type SdkCall = (operation: string, input: unknown, target: CognitoTarget) => Promise<Record<string, unknown>> | undefined

interface SdkClient {
  send(command: unknown): Promise<unknown>
}

/**
 * The part of {@link awsSdkTransport} that needs the SDK, loaded with it on the first request: a module
 * of its own that imports nothing else of this package, so a bundle that never sends through the SDK
 * carries none of it and shares no code with it. One SDK client per region and endpoint.
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
  return (operation, input, target) => {
    const Command = (sdk as unknown as Record<string, new (input: unknown) => unknown>)[`${operation}Command`]
    return Command && (clientFor(target).send(new Command(input)) as Promise<Record<string, unknown>>)
  }
}
