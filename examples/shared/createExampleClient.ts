import { createAuthClient, fetchTransport, type AuthClient } from 'cognito-auth-machine'
import { idbStorage } from 'cognito-auth-machine/storage/idb'
import { webStorage } from 'cognito-auth-machine/storage/web'
import { renderSVG } from 'uqr'

/**
 * The client every example uses: the pool from the environment (`examples/dev.mjs` fills it in for the
 * local server), the fetch transport (no AWS SDK in the bundle), device records and tokens in
 * IndexedDB (or, with `VITE_COGNITO_STORAGE=local` or `session`, in Web Storage), and a trust policy so
 * a remembered device skips MFA for a limited time.
 */
export function createExampleClient(): AuthClient {
  const env = import.meta.env
  const userPoolId = env.VITE_COGNITO_USER_POOL_ID
  const clientId = env.VITE_COGNITO_CLIENT_ID
  if (!userPoolId || !clientId)
    throw new Error('Set VITE_COGNITO_USER_POOL_ID and VITE_COGNITO_CLIENT_ID (or run the example with npm run example:<name>).')
  const web = env.VITE_COGNITO_STORAGE === 'local' || env.VITE_COGNITO_STORAGE === 'session' ? env.VITE_COGNITO_STORAGE : null
  return createAuthClient({
    userPoolId,
    clientId,
    ...(env.VITE_COGNITO_REGION ? { region: env.VITE_COGNITO_REGION } : {}),
    ...(env.VITE_COGNITO_ENDPOINT ? { endpoint: env.VITE_COGNITO_ENDPOINT } : {}),
    transport: fetchTransport(),
    storage: web ? webStorage({ storage: web, prefix: `${userPoolId}/${clientId}:` }) : idbStorage({ userPoolId, clientId }),
    trust: { days: Number(env.VITE_COGNITO_TRUST_DAYS ?? 30) },
  }).start()
}

/** An `otpauth://` URI as an SVG QR code, for an authenticator app to scan. */
export const qrCodeSvg = (uri: string): string => renderSVG(uri, { border: 2 })

/** A date for people, in their locale. */
export const formatDate = (epochMs: number | null): string => (epochMs === null ? '—' : new Date(epochMs).toLocaleString())
