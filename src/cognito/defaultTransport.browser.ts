import type { CognitoTransport } from './CognitoTransport'
import { fetchTransport } from './fetchTransport'

/**
 * The browser build's default transport: {@link fetchTransport}. In a browser the AWS SDK would add
 * about 80 KB (gzip) for the same unsigned JSON requests; an app that wants it passes
 * `transport: awsSdkTransport()`.
 */
export function defaultTransport(): CognitoTransport {
  return fetchTransport()
}
