import { userAgentName } from './userAgentName'

/**
 * The browser build's `defaultDeviceName` (see tsup.config.ts): the browser and system from the user
 * agent (`Chrome 156 on Linux`), without the Node branch.
 */
export function defaultDeviceName(): string {
  return userAgentName(globalThis.navigator?.userAgent ?? '') || 'cognito-auth-machine'
}
