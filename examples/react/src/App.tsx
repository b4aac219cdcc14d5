import type { AuthClient } from 'cognito-auth-machine'
import { useAuth } from 'cognito-auth-machine/react'
import { useEffect, type FormEvent } from 'react'
import { formatDate, qrCodeSvg } from '../../shared/createExampleClient'

type Auth = ReturnType<typeof useAuth<AuthClient>>

/** Reads a form's named fields and stops the page from navigating. */
const fields = (event: FormEvent<HTMLFormElement>) => {
  event.preventDefault()
  return Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>
}

/** The whole sign-in UI: one screen per step of the view. */
export function App({ client }: { client: AuthClient }) {
  const auth = useAuth(client)
  const { view } = auth
  return (
    <main data-step={view.step}>
      <h1>cognito-auth-machine · React</h1>
      {view.notice && (
        <p className="notice" data-testid="notice">
          {view.notice}
        </p>
      )}
      <Step auth={auth} />
    </main>
  )
}

function Step({ auth }: { auth: Auth }) {
  const { view } = auth
  switch (view.step) {
    case 'signedOut':
      return (
        <form onSubmit={(e) => void auth.signIn(fields(e) as { username: string; password: string })}>
          {view.error && (
            <p className="error" data-testid="error">
              {view.error.message}
            </p>
          )}
          <label>
            E-mail <input name="username" data-testid="username" autoComplete="username" required />
          </label>
          <label>
            Password <input name="password" type="password" data-testid="password" autoComplete="current-password" required />
          </label>
          <button data-testid="sign-in">Sign in</button>
        </form>
      )
    case 'working':
      return <p aria-busy="true">Working ({view.doing})…</p>
    case 'totpSetup':
      return (
        <form onSubmit={(e) => void auth.confirmTotpSetup(fields(e).code!)}>
          <p>Scan this code with your authenticator app, then enter the code it shows.</p>
          <div className="qr" data-testid="totp-qr" dangerouslySetInnerHTML={{ __html: qrCodeSvg(view.otpauthUri) }} />
          <p>
            Or type the key: <code data-testid="totp-secret">{view.secret}</code>
          </p>
          <CodeInput />
        </form>
      )
    case 'mfaCode':
      return (
        <form onSubmit={(e) => void auth.submitCode(fields(e).code!)}>
          <p>
            {view.channel === 'TOTP'
              ? 'Enter the code from your authenticator app.'
              : `Enter the code sent to ${view.destination ?? 'you'}.`}
          </p>
          <CodeInput />
        </form>
      )
    case 'selectMfa':
      return (
        <div className="row">
          {view.options.map((option) => (
            <button key={option} data-testid="mfa-option" onClick={() => void auth.selectMfa(option)}>
              {option}
            </button>
          ))}
        </div>
      )
    case 'newPassword':
      return (
        <form
          onSubmit={(e) => {
            const { password, ...attributes } = fields(e)
            void auth.submitNewPassword({ password: password!, attributes })
          }}
        >
          <label>
            New password <input name="password" type="password" data-testid="new-password" autoComplete="new-password" required />
          </label>
          {view.requiredAttributes.map((name) => (
            <label key={name}>
              {name} <input name={name} required />
            </label>
          ))}
          <button data-testid="submit-new-password">Set password</button>
        </form>
      )
    case 'customChallenge':
      return (
        <form onSubmit={(e) => void auth.answerCustomChallenge(fields(e).answer!)}>
          <label>
            {view.parameters.question ?? 'Answer'} <input name="answer" data-testid="answer" required />
          </label>
          <button data-testid="submit-answer">Answer</button>
        </form>
      )
    case 'rememberDevice':
      return (
        <div className="stack">
          <p>Remember this device?{view.trustDays !== null && ` You will not be asked for a code here for ${view.trustDays} days.`}</p>
          <div className="row">
            <button data-testid="remember-yes" onClick={() => void auth.rememberDevice(true)}>
              Remember
            </button>
            <button className="secondary" data-testid="remember-no" onClick={() => void auth.rememberDevice(false)}>
              Not now
            </button>
          </div>
        </div>
      )
    case 'signedIn':
      return <SignedIn auth={auth} view={view} />
    case 'error':
      return (
        <div className="stack">
          <p className="error" data-testid="error">
            {view.error.code}: {view.error.message}
          </p>
          <div className="row">
            {view.canRetry && (
              <button data-testid="retry" onClick={() => void auth.retry()}>
                Try again
              </button>
            )}
            <button className="secondary" data-testid="cancel" onClick={() => void auth.cancel()}>
              Cancel
            </button>
          </div>
        </div>
      )
  }
}

function CodeInput() {
  return (
    <>
      <label>
        Code <input name="code" data-testid="code" inputMode="numeric" autoComplete="one-time-code" required />
      </label>
      <button data-testid="submit-code">Verify</button>
    </>
  )
}

function SignedIn({ auth, view }: { auth: Auth; view: Extract<Auth['view'], { step: 'signedIn' }> }) {
  const { listDevices } = auth
  useEffect(() => void listDevices().catch(() => undefined), [listDevices])
  return (
    <div className="stack">
      <p data-testid="signed-in">
        Signed in as <strong>{view.username}</strong>.
      </p>
      <p>
        This device: {view.device ? `${view.device.status}, trusted until ` : 'none'}
        {view.device && <span data-testid="current-trusted-until">{formatDate(view.device.trustedUntil)}</span>}
      </p>
      <table>
        <thead>
          <tr>
            <th>Device</th>
            <th>Status</th>
            <th>Last sign-in</th>
            <th>Trusted until</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(view.devices ?? []).map((d) => (
            <tr
              key={d.deviceKey}
              data-testid="device"
              data-device-key={d.deviceKey}
              data-status={d.status ?? ''}
              className={d.current ? 'current' : ''}
            >
              <td>
                {d.name ?? d.deviceKey}
                {d.current && ' (this one)'}
              </td>
              <td>{d.status ?? '—'}</td>
              <td>{formatDate(d.lastAuthenticatedAt)}</td>
              <td data-testid="trusted-until">{d.current && view.device ? formatDate(view.device.trustedUntil) : '—'}</td>
              <td>
                <button className="secondary" data-testid="forget" onClick={() => void auth.forgetDevice(d.deviceKey)}>
                  Forget
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button data-testid="sign-out" onClick={() => void auth.signOut()}>
          Sign out
        </button>
        <button className="secondary" onClick={() => void auth.signOut({ global: true })}>
          Sign out everywhere
        </button>
      </div>
    </div>
  )
}
