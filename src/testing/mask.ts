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
