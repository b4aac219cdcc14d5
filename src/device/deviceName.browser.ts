/**
 * The browser build's `defaultDeviceName` (see tsup.config.ts): the user agent, as `deviceName.ts` gives
 * it in a browser, without the Node branch.
 */
export function defaultDeviceName(): string {
  return globalThis.navigator?.userAgent?.slice(0, 1024) || 'cognito-auth-machine'
}
