/**
 * Formats an instant as the `TIMESTAMP` Cognito's SRP challenges expect: `EEE MMM d HH:mm:ss UTC yyyy`
 * in UTC, English names, the day of the month not zero-padded.
 *
 * @example
 * ```ts
 * import { formatTimestamp } from 'cognito-auth-machine/srp'
 *
 * formatTimestamp(new Date(Date.UTC(2019, 0, 1, 6, 6, 9))) // 'Tue Jan 1 06:06:09 UTC 2019'
 * ```
 */
export function formatTimestamp(date: Date): string {
  // toUTCString() is fixed by ECMAScript as "Tue, 01 Jan 2019 06:06:09 GMT" for four-digit years.
  const [weekday, day, month, year, time] = date.toUTCString().split(' ') as [string, string, string, string, string]
  return `${weekday.slice(0, 3)} ${month} ${Number(day)} ${time} UTC ${year}`
}
