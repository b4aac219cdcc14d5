import { awsSdkTransport } from './awsSdkTransport'
import type { CognitoTransport } from './CognitoTransport'

/**
 * The transport a client gets when its config names none: the AWS SDK v3 transport, imported on the
 * first request. The browser build takes `defaultTransport.browser.ts` instead (see tsup.config.ts).
 */
export function defaultTransport(): CognitoTransport {
  return awsSdkTransport()
}
