/** Writing a device's trust deadline into the user's trust attribute: loaded only when a policy names one. */
import type { StoredSession } from '../machine/sessionStore'
import type { ActorKit } from '../machine/AuthDeps'
import { own } from '../json'
import { updateTrustAttribute } from './trustMap'

/**
 * Reads the trust attribute fresh (GetUser), so another browser's entry written since this sign-in is
 * kept, and writes it back with this device's deadline (or without the device, when `until` is null).
 *
 * @param call - the kit's call
 * @param name - the attribute (`custom:...`)
 * @param now - epoch milliseconds, for dropping entries long past
 */
export async function writeTrust(
  call: ActorKit['call'],
  name: string,
  now: number,
  session: StoredSession,
  deviceKey: string,
  until: number | null,
): Promise<void> {
  const token = { AccessToken: session.tokens.accessToken }
  const user = await call('GetUser', token)
  const current = Array.isArray(user.UserAttributes) ? user.UserAttributes.find((a) => own(a, 'Name') === name) : undefined
  const value = own(current ?? {}, 'Value')
  const next = updateTrustAttribute(typeof value === 'string' ? value : undefined, deviceKey, until, now)
  await call('UpdateUserAttributes', { ...token, UserAttributes: [{ Name: name, Value: next }] })
}
