import { createActor, type SnapshotFrom } from 'xstate'
import type { ProfileView } from '../ProfileView'
import { otpauthUri } from '../connect'
import { reviveAuthError } from '../errors'
import type { AuthDeps } from '../machine/AuthDeps'
import type { AuthEvent } from '../machine/types'
import { profileChart, type ProfileActivity, type ProfileEvent } from './profileChart'
import type { FlowListener } from './accountFlow'

/** The account page under way while signed in: its part of the signed-in view, and the events it takes. */
export interface ProfileFlow {
  /** The page's part of the signed-in view; `username` names the TOTP secret's account in the authenticator. */
  view(username: string): ProfileView
  /** The call under way, if any. */
  busy(): ProfileActivity | null
  /** The snapshot the view comes from (a new one after every change). */
  snapshot(): unknown
  /** Whether the page takes `event` now. */
  can(event: unknown): boolean
  /** Sends `event` to the page. */
  send(event: ProfileEvent): void
  /** Stops the page (the session ended, or the client stopped). */
  stop(): void
}

/**
 * Starts the account page of the signed-in user and tells `listener` of each change, and at the end the
 * sign-in machine's event: clear the session (the user deleted), or sign in again with the new password
 * (every session signed out after a password change). Loaded on first use.
 */
export function startProfileFlow(deps: AuthDeps, user: { userId: string; username: string }, listener: FlowListener): ProfileFlow {
  const actor = createActor(profileChart(deps), { input: { userId: user.userId } })
  /** The sign-in machine's event for the page's end: sign in again after a sign-out everywhere, or clear the session. */
  const next = (outcome: SnapshotFrom<typeof actor>['output']): AuthEvent =>
    outcome?.ended === 'passwordChanged'
      ? { type: 'SIGN_IN_AGAIN', username: user.username, password: outcome.signInWith, userId: user.userId }
      : outcome?.ended === 'sessionLost'
        ? { type: 'SESSION_LOST', error: outcome.error }
        : { type: 'ACCOUNT_ENDED', notice: 'accountDeleted' }
  actor.subscribe({
    next: (snapshot) => (snapshot.status === 'done' ? listener.done(next(snapshot.output)) : listener.changed()),
  })
  actor.start()
  return {
    view(username) {
      const c = actor.getSnapshot().context
      return {
        attributes: c.profile?.attributes ?? null,
        mfa: c.profile?.mfa ?? null,
        verifying: c.verifying,
        totp: c.totp ? { secret: c.totp, otpauthUri: otpauthUri(c.totp, username) } : null,
        error: c.error ? reviveAuthError(c.error) : null,
        notice: c.notice,
        passkeys: c.passkeys?.passkeys ?? null,
        passkeysNextToken: c.passkeys?.nextToken ?? null,
      }
    },
    busy() {
      for (const tag of actor.getSnapshot().tags) return tag.slice('busy:'.length) as ProfileActivity
      return null
    },
    snapshot: () => actor.getSnapshot(),
    can: (event) => actor.getSnapshot().can(event as ProfileEvent),
    send: (event) => actor.send(event),
    stop: () => actor.stop(),
  }
}
