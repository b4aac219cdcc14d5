import { ListUsersCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import type { RetryOptions } from '../cognito/withRetry'
import { adminSend, type CallCounter } from './adminSend'

/** A user of the pool as the sweep sees it. */
export interface PoolUser {
  /** The username Admin* calls take. */
  username: string
  /** The user's attributes by name (only those asked for, where Cognito honours `AttributesToGet`). */
  attributes: Readonly<Record<string, string>>
}

/**
 * Every user of a pool, page by page (ListUsers, 60 a page), as an async iterator: the next page is
 * fetched only when the users of this one have been taken.
 *
 * @param client - the SDK client
 * @param userPoolId - the pool
 * @param attributes - the attributes to read (`AttributesToGet`); all when empty
 * @param retry - backoff for throttling
 * @param counter - counts requests
 * @internal
 */
export async function* listPoolUsers(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  attributes: readonly string[],
  retry?: RetryOptions,
  counter?: CallCounter,
): AsyncGenerator<PoolUser> {
  let token: string | undefined
  do {
    const request = {
      UserPoolId: userPoolId,
      Limit: 60,
      PaginationToken: token,
      ...(attributes.length > 0 ? { AttributesToGet: [...attributes] } : {}),
    }
    const page = await adminSend('ListUsers', () => client.send(new ListUsersCommand(request)), retry, counter)
    for (const user of page.Users ?? []) {
      if (user.Username === undefined) continue
      const byName: Record<string, string> = {}
      for (const { Name, Value } of user.Attributes ?? []) if (Name !== undefined && Value !== undefined) byName[Name] = Value
      yield { username: user.Username, attributes: byName }
    }
    token = page.PaginationToken || undefined
  } while (token)
}
