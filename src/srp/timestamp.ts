const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number) => String(n).padStart(2, '0')

/**
 * Formats an instant as the `TIMESTAMP` Cognito's SRP challenges expect: `EEE MMM d HH:mm:ss UTC yyyy`
 * in UTC, English names, the day of the month not zero-padded.
 *
 * @example
 * ```ts
 * formatTimestamp(new Date(Date.UTC(2019, 0, 1, 6, 6, 9))) // 'Tue Jan 1 06:06:09 UTC 2019'
 * ```
 */
export function formatTimestamp(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`
  )
}
