/**
 * A readable name for this device, sent as `DeviceName` in ConfirmDevice and shown in device lists:
 * the browser's user agent, or `node <version> <platform>` in Node.
 *
 * @example
 * ```ts
 * defaultDeviceName() // 'node v20.20.0 linux' or 'Mozilla/5.0 (...)'
 * ```
 */
export function defaultDeviceName(): string {
  const g = globalThis as {
    navigator?: { userAgent?: unknown }
    process?: { version?: unknown; platform?: unknown; versions?: { node?: unknown } }
  }
  if (g.process?.versions?.node) return `node ${String(g.process.version)} ${String(g.process.platform)}`
  const ua = g.navigator?.userAgent
  if (typeof ua === 'string' && ua !== '') return ua.slice(0, 1024)
  return 'cognito-auth-machine'
}
