import { userAgentName } from './userAgentName'

const SYSTEMS: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }

/**
 * A readable name for this device, sent as `DeviceName` in ConfirmDevice and shown in device lists,
 * where a person decides which device to forget: `Chrome 156 on Linux` in a browser (from the user
 * agent), `Node.js 20 on Linux` in Node.
 *
 * @example
 * ```ts
 * import { defaultDeviceName } from 'cognito-auth-machine/machine'
 *
 * defaultDeviceName() // 'Node.js 20 on Linux' or 'Chrome 156 on Linux'
 * ```
 */
export function defaultDeviceName(): string {
  const g = globalThis as {
    navigator?: { userAgent?: unknown }
    process?: { version?: unknown; platform?: unknown; versions?: { node?: unknown } }
  }
  if (g.process?.versions?.node) {
    const platform = String(g.process.platform)
    const major = String(g.process.versions.node).split('.')[0]
    return `Node.js ${major} on ${Object.hasOwn(SYSTEMS, platform) ? SYSTEMS[platform] : platform}`
  }
  const ua = g.navigator?.userAgent
  return (typeof ua === 'string' && userAgentName(ua)) || 'cognito-auth-machine'
}
