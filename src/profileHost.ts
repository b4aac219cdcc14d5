import type { Actor } from 'xstate'
import type { ProfileEvent } from './account/profileChart'
import type { ProfileFlow } from './account/profileFlow'
import type { AuthView } from './AuthView'
import type { AccountEvent, AuthCommandName } from './commands'
import type { AuthError } from './errors'
import type { AuthDeps } from './machine/AuthDeps'
import type { authMachine } from './machine/authMachine'
import type { AuthEvent } from './machine/types'
import type { Concealed } from './concealed'

/** The account page's chart, loaded on first use. */
const loadProfileFlow = () => import('./account/profileFlow')

/** What the page's host shares with the account flows' host. */
export interface HostParts {
  /** The client's current view. */
  getView: () => AuthView
  /** The error for a command the current step does not take. */
  refuse: (name: AuthCommandName) => AuthError
  /** Tells the client's subscribers that a flow changed. */
  changed: () => void
  /** The next view that is not `working` (nor signedIn and busy). */
  settled: () => Promise<AuthView>
}

/**
 * Where a signed-in client runs its account page (profile): started by the first of its commands, one
 * call at a time and only while the session has no task under way; its part of the view is
 * `view.profile`; it stops when the session ends, and when it ends the session (the user deleted,
 * signed out everywhere) its event goes to the sign-in machine.
 */
export function profileHost(actor: Actor<typeof authMachine>, deps: AuthDeps, { getView, refuse, changed, settled }: HostParts) {
  let profile: ProfileFlow | undefined
  const stop = () => {
    profile?.stop()
    profile = undefined
  }
  /** Signed in, with no task of the session or call of the page under way. */
  const signedInIdle = () => {
    const view = getView()
    return view.step === 'signedIn' && view.busy === null
  }
  /** A reset's new password, while its sign-in runs, when the user asked to sign the other sessions out after it. */
  let pending: Concealed | undefined
  let starting = false
  actor.subscribe((snapshot) => {
    // the account page lives as long as the session it belongs to
    if (profile && !snapshot.hasTag('step:signedIn')) stop()
    // signed in after such a reset: GlobalSignOut, then the page signs in again with the new password
    const password = pending
    if (!password || starting) return
    if (snapshot.hasTag('step:signedOut')) pending = undefined
    if (!signedInIdle()) return
    starting = true
    open('resetPassword')
      .then((page) => page.send({ type: 'SIGN_OUT_OTHERS', password }))
      .catch(() => undefined)
      .finally(() => {
        starting = false
        pending = undefined
        changed()
      })
  })
  /** The page, started if it is not yet; refused unless signed in with nothing under way. */
  async function open(name: AuthCommandName): Promise<ProfileFlow> {
    if (!signedInIdle()) throw refuse(name)
    if (profile) return profile
    const { startProfileFlow } = await loadProfileFlow()
    const user = actor.getSnapshot().context.signedIn
    // read again: the session may have ended or got busy while the chart loaded
    if (!signedInIdle() || !user) throw refuse(name)
    profile ??= startProfileFlow(deps, user, {
      changed,
      done(next) {
        profile = undefined
        actor.send(next)
        changed()
      },
    })
    return profile
  }
  return {
    /** The account page, while signed in, once one of its commands ran. */
    current: () => profile,
    /** Whether the open page's enrolment or code takes `event` now (CONFIRM_TOTP, CANCEL), and the session does not. */
    takes: (event: AuthEvent | AccountEvent) => profile !== undefined && profile.can(event) && !actor.getSnapshot().can(event as AuthEvent),
    /** A command of the account page (signedIn). */
    async command(name: AuthCommandName, event: ProfileEvent): Promise<AuthView> {
      // a call under way takes only what stops it (cancel() during the passkey ceremony); anything else waits for idle
      const page = profile?.busy() && profile.can(event) ? profile : await open(name)
      if (!page.can(event)) throw refuse(name)
      page.send(event)
      return settled()
    },
    /** After a reset that asked for it: once signed in with `password`, GlobalSignOut, then a sign-in again with it. */
    signOutOthersOnceSignedIn(password: Concealed): void {
      pending = password
    },
    /** Whether that is still to come (the client's command waits for it). */
    pending: () => pending !== undefined,
    stop,
  }
}
