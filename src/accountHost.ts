import type { Actor } from 'xstate'
import type { AccountFlow } from './account/accountFlow'
import type { AuthView } from './AuthView'
import type { AccountEvent, AuthCommandName } from './commands'
import { AuthError } from './errors'
import type { AuthDeps } from './machine/AuthDeps'
import type { authMachine } from './machine/authMachine'
import type { AuthEvent } from './machine/types'
import { profileHost } from './profileHost'

/** The account flows' charts, loaded on first use. */
const loadAccountFlow = () => import('./account/accountFlow')

/**
 * Where a client meets its account flows (sign-up, password reset): at most one flow at a time, started
 * from signedOut; while it runs, the client's view is the flow's; when it ends, its outcome goes to the
 * sign-in machine as an event (sign in with Cognito's session or the new password, or signedOut with a
 * notice). `refuse(name)` builds the error for a command the current step does not take.
 * While signed in, it hosts the account page too (`page`, see {@link profileHost}). This module is loaded
 * with the first command of either (the sign-in screen needs neither); `watchers` are the client's
 * subscribers, told of every change of a flow or the page.
 */
export function accountHost(
  actor: Actor<typeof authMachine>,
  deps: AuthDeps,
  getView: () => AuthView,
  refuse: (name: AuthCommandName) => AuthError,
  watchers: Set<() => void>,
) {
  let flow: AccountFlow | undefined
  const changed = () => watchers.forEach((watch) => watch())

  /** The next view (of the flow, or of the sign-in machine after it) that is not `working`. */
  function settled(): Promise<AuthView> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const view = getView()
        if (actor.getSnapshot().status !== 'active') reject(new AuthError('INVALID_STATE', 'The client was stopped.'))
        else if (view.step === 'working' || (view.step === 'signedIn' && (view.busy !== null || page.pending()))) return
        else resolve(view)
        subscription.unsubscribe()
        watchers.delete(check)
      }
      const subscription = actor.subscribe({ next: check, error: reject, complete: check })
      watchers.add(check)
      check()
    })
  }

  const page = profileHost(actor, deps, { getView, refuse, changed, settled })

  return {
    /** The flow under way, if any. */
    current: () => flow,
    /** The account page (signedIn). */
    page,
    /** A command of an account flow: the flow under way takes it, or an entry (at signedOut) starts one. */
    async command(name: AuthCommandName, event: AuthEvent | AccountEvent): Promise<AuthView> {
      if (!flow) {
        if (!actor.getSnapshot().hasTag('step:signedOut')) throw refuse(name)
        const { startAccountFlow } = await loadAccountFlow()
        // read again: another command may have started a flow or a sign-in while the chart loaded
        if (flow || !actor.getSnapshot().hasTag('step:signedOut')) throw refuse(name)
        flow = startAccountFlow(deps, event as AccountEvent, {
          changed,
          done(next, then) {
            flow = undefined
            if (then) page.signOutOthersOnceSignedIn(then)
            actor.send(next)
            changed()
          },
        })
        // a flow that opens at a step of its own (confirmSignUp): its first view reaches subscribers now
        if (!flow.can(event)) {
          changed()
          return settled()
        }
      } else if (!flow.can(event)) {
        throw refuse(name)
      }
      flow.send(event)
      return settled()
    },
    /** Stops the flow under way with the client. */
    stop() {
      flow?.stop()
      flow = undefined
      page.stop()
      changed()
    },
  }
}
