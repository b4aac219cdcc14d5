import { createHash } from 'node:crypto'

/**
 * A destination masked as Cognito shows it in `CODE_DELIVERY_DESTINATION`: an e-mail address as
 * `j***@e***`, a phone number as `+*******1234`. @internal
 */
export function maskDestination(destination: string): string {
  const at = destination.indexOf('@')
  if (at > 0) return `${destination[0]}***@${destination[at + 1] ?? ''}***`
  const digits = destination.replace(/^\+/, '')
  const keep = digits.slice(-4)
  return `${destination.startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(0, digits.length - 4))}${keep}`
}

/**
 * The masked e-mail address an unknown user "was sent" a code at when PreventUserExistenceErrors hides
 * that the user does not exist: shaped like a real one, and the same on every call for the same name
 * (an e-mail-like name is masked as itself). @internal
 */
export function decoyDestination(username: string): string {
  if (/^[^@\s]+@[^@\s]+$/.test(username)) return maskDestination(username)
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const digest = createHash('sha256').update(username).digest()
  const first = /^[a-z]/i.test(username) ? username.charAt(0).toLowerCase() : (letters[(digest[0] ?? 0) % 26] ?? 'u')
  return `${first}***@${letters[(digest[1] ?? 0) % 26] ?? 'e'}***`
}
