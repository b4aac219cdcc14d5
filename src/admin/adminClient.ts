import { CognitoIdentityProviderClient, type CognitoIdentityProviderClientConfig } from '@aws-sdk/client-cognito-identity-provider'

/**
 * Where the admin helpers send their calls, the same way for every helper: an existing
 * `CognitoIdentityProviderClient` (reused across calls, with its own settings), or else `region`,
 * `endpoint` and `credentials` as the AWS SDK takes them (unset ones come from the SDK's default chain:
 * `AWS_REGION`, `AWS_ACCESS_KEY_ID`, a profile, an instance role…). The calls need IAM permission for
 * the Admin* actions they make (e.g. `cognito-idp:AdminListDevices`).
 */
export interface AdminConnection {
  /** A client to use as it is; `region`, `endpoint` and `credentials` are then ignored. */
  client?: CognitoIdentityProviderClient
  /** The pool's region, e.g. `eu-west-1`. */
  region?: CognitoIdentityProviderClientConfig['region']
  /** An endpoint URL other than the region's (a local server, a VPC endpoint). */
  endpoint?: CognitoIdentityProviderClientConfig['endpoint']
  /** IAM credentials, or a provider of them. */
  credentials?: CognitoIdentityProviderClientConfig['credentials']
}

/**
 * The client of a connection: the one given, or a new one (with the SDK's own retries off, since
 * the helpers retry themselves within a bound).
 *
 * @param connection - a client, or region, endpoint and credentials
 * @internal
 */
export function adminClient(connection: AdminConnection): CognitoIdentityProviderClient {
  if (connection.client) return connection.client
  return new CognitoIdentityProviderClient({
    maxAttempts: 1,
    ...(connection.region !== undefined ? { region: connection.region } : {}),
    ...(connection.endpoint !== undefined ? { endpoint: connection.endpoint } : {}),
    ...(connection.credentials !== undefined ? { credentials: connection.credentials } : {}),
  })
}
