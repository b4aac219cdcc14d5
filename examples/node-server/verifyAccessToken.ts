// Access tokens checked the way a Node service behind this BFF would check them: aws-jwt-verify, AWS's
// own verifier (signature against the pool's JWKS, issuer, token_use, client_id, expiry).
import { CognitoJwtVerifier } from 'aws-jwt-verify'
import { SimpleJwksCache } from 'aws-jwt-verify/jwk'

/** What the verifier needs; all of it from the server's configuration, none from a request. */
export interface AccessTokenConfig {
  userPoolId: string
  clientId: string
  /**
   * The endpoint of a local Cognito server (`cognito-auth-machine-local`): its tokens are signed with its
   * own keys, so the pool's JWKS is fetched from `<localEndpoint>/<userPoolId>/.well-known/jwks.json`
   * instead of from Cognito. The issuer checked is still Cognito's, which the local server signs.
   */
  localEndpoint?: string
}

/** The claims /api/me shows: who, for which client, until when. */
export interface VerifiedAccess {
  username: string
  sub: string
  clientId: string
  tokenUse: 'access'
  scope: string
  deviceKey: string | null
  expiresAt: string
}

/**
 * A function that verifies a Cognito access token and returns its main claims; it rejects a token
 * whose signature, issuer, token use, client or expiry is wrong. The JWKS is fetched once and cached
 * (again when a token names a key it does not hold: key rotation).
 *
 * @param config - pool, app client, and the local server's endpoint in local mode
 */
export function accessTokenVerifier(config: AccessTokenConfig): (token: string) => Promise<VerifiedAccess> {
  const region = config.userPoolId.split('_')[0]
  const cognitoJwks = `https://cognito-idp.${region}.amazonaws.com/${config.userPoolId}/.well-known/jwks.json`
  const local = config.localEndpoint
  const jwksCache = local
    ? new SimpleJwksCache({
        fetcher: {
          async fetch(uri: string) {
            // the verifier asks for Cognito's URI; only that one is answered, from the local server
            if (uri !== cognitoJwks) throw new Error(`unexpected JWKS URI ${uri}`)
            const response = await fetch(`${local.replace(/\/$/, '')}/${config.userPoolId}/.well-known/jwks.json`, {
              signal: AbortSignal.timeout(5_000),
            })
            if (!response.ok) throw new Error(`the local server's JWKS answered ${response.status}`)
            return response.arrayBuffer()
          },
        },
      })
    : undefined
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: config.userPoolId, tokenUse: 'access', clientId: config.clientId },
    jwksCache ? { jwksCache } : undefined,
  )
  return async (token) => {
    const claims = await verifier.verify(token)
    return {
      username: claims.username,
      sub: claims.sub,
      clientId: claims.client_id,
      tokenUse: 'access',
      scope: claims.scope,
      deviceKey: typeof claims.device_key === 'string' ? claims.device_key : null,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
    }
  }
}
