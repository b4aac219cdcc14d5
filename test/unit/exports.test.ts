// The root entry is the public API only; the machine and its parts are under ./machine. A name added
// to (or dropped from) either entry fails here, so the surface changes only on purpose.
import { describe, expect, it } from 'vitest'

describe('the package surface', () => {
  it('the root entry exports the public API, and only it', async () => {
    const root = await import('../../src/index')
    expect(Object.keys(root).sort()).toEqual([
      'AUTH_COMMANDS',
      'AuthError',
      'DEFAULT_TIMEOUT_MS',
      'awsSdkTransport',
      'createAuthClient',
      'fetchTransport',
      'fromCognitoError',
      'memoryStorage',
    ])
  })

  it('the machine and its parts are under cognito-auth-machine/machine', async () => {
    const machine = await import('../../src/machine/index')
    expect(Object.keys(machine).sort()).toEqual(
      [
        'AUTH_SESSION_MS',
        'COGNITO_ERROR_CODES',
        'COMMAND_EVENTS',
        'Concealed',
        'REFRESH_MARGIN_MS',
        'authMachine',
        'browserWebAuthn',
        'clockRules',
        'conceal',
        'connect',
        'createAuthActors',
        'defaultDeviceName',
        'defaultEndpoint',
        'deviceStore',
        'isSerializedAuthError',
        'isTrustExpired',
        'parseDeviceRecord',
        'preloadSignIn',
        'reveal',
        'reviveAuthError',
        'signedOutElsewhere',
        'storagePrefix',
        'summarizeDevice',
        'toAuthError',
        'TRUST_MARGIN_MS',
        'trustDeadline',
        'withTrustDeadline',
        'updateTrustAttribute',
        'withRetry',
      ].sort(),
    )
  })
})
