import { toBase64, utf8 } from './encoding'
import { requireText } from './claim'
import { hmacSha256 } from './hash'

/** Input of {@link secretHash}. */
export interface SecretHashInput {
  /** The app client id. */
  clientId: string
  /** The app client secret. */
  clientSecret: string
  /** The same string as the `USERNAME` of the request the hash goes in. */
  username: string
}

/**
 * `SECRET_HASH = base64(HMAC-SHA256(clientSecret, username || clientId))`, required on every
 * authentication call of an app client that has a secret.
 *
 * @throws {@link SrpError} `INVALID_INPUT` when a field is empty.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 * @example
 * ```ts
 * import { secretHash } from 'cognito-auth-machine/srp'
 *
 * await secretHash({ clientId: '123abd', clientSecret: 'clientSecret', username: 'test' })
 * // 'LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg='
 * ```
 */
export async function secretHash(input: SecretHashInput): Promise<string> {
  const clientId = requireText(input.clientId, 'clientId')
  const key = utf8(requireText(input.clientSecret, 'clientSecret'))
  const username = requireText(input.username, 'username')
  return toBase64(await hmacSha256(key, utf8(username + clientId)))
}
