import { createHmac } from 'node:crypto'
import { errors } from '../errors'
import type { AppClient, User } from '../store/types'

/**
 * Checks SECRET_HASH when the client has a secret: required, and equal to
 * base64(HMAC-SHA256(secret, username ‖ clientId)) for the USERNAME of the request or any other name of
 * the user (Cognito accepts the alias and the internal name alike). @internal
 */
export function checkSecretHash(client: AppClient, given: string | undefined, names: (string | undefined)[]): void {
  if (!client.secret) return
  if (given === undefined) {
    throw errors.notAuthorized(`Client ${client.id} is configured with secret but SECRET_HASH was not received`)
  }
  for (const name of names) {
    if (name === undefined) continue
    const expected = createHmac('sha256', client.secret)
      .update(name + client.id)
      .digest('base64')
    if (expected === given) return
  }
  throw errors.notAuthorized(`Unable to verify secret hash for client ${client.id}`)
}

/** Every name a user may be addressed by. @internal */
export function namesOf(user: User, typed?: string): (string | undefined)[] {
  return [typed, user.username, user.sub, user.attributes.get('email'), user.attributes.get('phone_number')]
}
