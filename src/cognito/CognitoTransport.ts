import type { CognitoInput, CognitoOperation, CognitoOutput } from './operations'

/** Where a request goes: the pool's region and, optionally, an explicit endpoint (a local server). */
export interface CognitoTarget {
  /** The AWS region, e.g. `us-east-1`. */
  region: string
  /** A full endpoint URL; default `https://cognito-idp.{region}.amazonaws.com/`. */
  endpoint?: string | undefined
}

/** Per-request options the client passes to {@link CognitoTransport.send}. */
export interface SendOptions {
  /**
   * Aborted when the client gives up on the request: the user cancelled, the machine left the step, or
   * the request outlived the client's `timeoutMs`. A transport should stop the request (fetch's
   * `signal`, the AWS SDK's `abortSignal`) and not retry after it; the client stops waiting either way.
   */
  signal?: AbortSignal | undefined
}

/**
 * How the client talks to Cognito: one typed method for every user-pool operation it uses. Two
 * implementations ship: {@link fetchTransport} (small; the default in browsers) and the AWS SDK v3
 * transport (the default elsewhere, loaded lazily). Implementations throw {@link AuthError} only, and retry throttling and 5xx
 * themselves within a bound.
 *
 * @example
 * ```ts
 * import { fetchTransport, type CognitoTransport } from 'cognito-auth-machine'
 * import { generateEphemeral } from 'cognito-auth-machine/srp'
 *
 * const transport: CognitoTransport = fetchTransport()
 * const { srpA } = await generateEphemeral()
 * const out = await transport.send(
 *   'InitiateAuth',
 *   { ClientId: '4example', AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'alice', SRP_A: srpA } },
 *   { region: 'us-east-1' },
 * )
 * console.log(out.ChallengeName) // 'PASSWORD_VERIFIER'
 * ```
 */
export interface CognitoTransport {
  /**
   * Sends one operation and resolves with Cognito's response body.
   *
   * @param operation - the operation name (the `X-Amz-Target` suffix)
   * @param input - the request body
   * @param target - region and endpoint of the user pool
   * @param options - the abort signal of this request
   * @throws {@link AuthError} for a Cognito error, a network failure or an unreadable response
   */
  send<O extends CognitoOperation>(
    operation: O,
    input: CognitoInput<O>,
    target: CognitoTarget,
    options?: SendOptions,
  ): Promise<CognitoOutput<O>>
}

/** The default endpoint of a region. */
export function defaultEndpoint(region: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/`
}
