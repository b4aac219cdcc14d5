import type { AuthError, AuthView, ProfileNotice, ProfileView, SignedInView } from 'cognito-auth-machine'
import { field } from './createExampleClient'

/**
 * The forms of the account page. `view.profile` holds one error and one notice for the whole page and
 * does not say which command they came from: the app remembers which form it last ran a command from,
 * to show the error there, and places a notice by what it says.
 */
export type AccountForm = 'attributes' | 'verify' | 'password' | 'mfa' | 'passkeys' | 'delete'

/** The form each notice of the page is about. */
const NOTICE_FORMS: Record<ProfileNotice, AccountForm> = {
  attributesUpdated: 'attributes',
  attributeVerified: 'attributes',
  codeSent: 'verify',
  passwordChanged: 'password',
  totpEnabled: 'mfa',
  mfaUpdated: 'mfa',
  passkeyRegistered: 'passkeys',
  passkeyDeleted: 'passkeys',
}

/** What one form shows of the page's last call: its error, when the call came from this form, and a notice about this form. */
export function formStatus(
  profile: ProfileView | null,
  form: AccountForm,
  last: AccountForm | null,
): { error: AuthError | null; notice: ProfileNotice | null } {
  return {
    error: form === last ? (profile?.error ?? null) : null,
    notice: profile?.notice && NOTICE_FORMS[profile.notice] === form ? profile.notice : null,
  }
}

/**
 * Whether the page should read the user now: it has no attributes yet, its first read did not fail
 * (that error is shown, with Try again), and nothing is under way (a command is refused while the
 * session lists devices, say).
 */
export const needsProfile = (view: SignedInView): boolean => view.busy === null && !view.profile?.attributes && !view.profile?.error

/**
 * Whether the page should list the passkeys now (the passwordless variant's page has them; `loadProfile` does not
 * read them): the user is read, the passkeys are not yet, nothing is under way, and the page shows no error (a
 * failed list is shown, with Try again, instead of being asked for again and again).
 */
export const needsPasskeys = (view: SignedInView): boolean =>
  view.busy === null && Boolean(view.profile?.attributes) && view.profile?.passkeys === null && !view.profile.error

/** The attributes the page edits. */
const EDITED = ['name', 'email'] as const

/** The edited fields whose value differs from the user's, or null when none does: only those go to `updateAttributes`. */
export function changedAttributes(form: FormData, current: Record<string, string>): Record<string, string> | null {
  const changed = EDITED.flatMap((name) => {
    const value = field(form, name).trim()
    return value === (current[name] ?? '') ? [] : [[name, value] as const]
  })
  return changed.length ? Object.fromEntries(changed) : null
}

/** A command of a form that holds passwords: once it worked, the form is emptied. */
export function clearedWhenDone(form: HTMLFormElement, command: Promise<AuthView>): Promise<AuthView> {
  return command.then((view) => {
    if (view.step !== 'signedIn' || !view.profile?.error) form.reset()
    return view
  })
}
