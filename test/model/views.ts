// Small helpers over client views for the model layer: waiting for a settled view, naming a view or an event.
import type { AuthClient, AuthView } from '../../src/index'

export function isWaiting(view: AuthView): boolean {
  return ['mfaCode', 'selectMfa', 'totpSetup', 'newPassword', 'customChallenge', 'rememberDevice', 'selectChallenge', 'passkey'].includes(
    view.step,
  )
}

export async function waitSettled(client: AuthClient): Promise<AuthView> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const view = client.getView()
    if (view.step !== 'working' && !(view.step === 'signedIn' && view.busy)) return view
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error(`stuck in ${brief(client.getView())}`)
}

/** A command's promise, bounded: a client stuck in `working` fails the path instead of hanging it. */
export async function settle(promise: Promise<AuthView>, what: string): Promise<AuthView> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no settled view within 10 s`)), 10_000)),
  )
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export function brief(view: AuthView): string {
  const doing = view.step === 'working' || view.step === 'failed' ? view.doing : view.step === 'signedIn' ? view.busy : null
  const error = 'error' in view && view.error ? `${view.error.code}: ${view.error.message}` : ''
  const extra = [doing, error].filter(Boolean).join(', ')
  return `${view.step}${extra ? ` (${extra})` : ''}`
}

/** A short name for a model event, used in test names. */
export function describe(event: { type: string }): string {
  const { type, ...rest } = event as { type: string } & Record<string, unknown>
  const args = Object.values(rest).map(String).join(',')
  return args ? `${type}(${args})` : type
}
