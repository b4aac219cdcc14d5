import type { SignedInView } from 'cognito-auth-machine'
import type { AuthCommandsOf } from 'cognito-auth-machine/react'
import { useEffect, useState } from 'react'
import { run } from '../../common/createExampleClient'
import { AccountPage } from './AccountPage'
import { Devices } from './Devices'
import { ErrorMessage } from './ErrorMessage'

/** Signed in: the devices, or the account page; the session's error, and signing out, on both. */
export function SignedIn({ auth, view }: { auth: AuthCommandsOf; view: SignedInView }) {
  const { listDevices } = auth
  useEffect(() => run(listDevices()), [listDevices])
  const [accountOpen, setAccountOpen] = useState(false)
  const busy = view.busy !== null
  return (
    <div className="stack" aria-busy={busy}>
      <div className="row">
        <p data-testid="signed-in">
          Signed in as <strong>{view.username}</strong>.
        </p>
        {accountOpen ? (
          <button className="link" data-testid="close-account" onClick={() => setAccountOpen(false)}>
            Back
          </button>
        ) : (
          <button className="link" data-testid="open-account" disabled={busy} onClick={() => setAccountOpen(true)}>
            Your account
          </button>
        )}
      </div>
      {view.error && (
        <div className="row">
          <ErrorMessage error={view.error} />
          {view.error.retryable && (
            <button className="secondary" data-testid="retry" disabled={busy} onClick={() => run(auth.retry())}>
              Try again
            </button>
          )}
        </div>
      )}
      {accountOpen ? <AccountPage auth={auth} view={view} /> : <Devices auth={auth} view={view} />}
      <div className="row">
        <button data-testid="sign-out" onClick={() => run(auth.signOut())}>
          Sign out
        </button>
        <button className="secondary" onClick={() => run(auth.signOut({ global: true }))}>
          Sign out everywhere
        </button>
      </div>
    </div>
  )
}
