import type { AuthClient, AuthError, AuthView } from 'cognito-auth-machine'
import { useAuth, type AuthBinding } from 'cognito-auth-machine/react'
import { useEffect, useState, type ReactNode } from 'react'
import { choiceBasedSignIn, field, otherFields, qrCodeSvg, run } from '../../common/createExampleClient'
import { deliveryMessage, factorChoices, noticeMessage, passkeyPrompt, type SignedOutForm } from '../../common/messages'
import { ErrorMessage } from './ErrorMessage'
import { SignedIn } from './SignedIn'
import { submitted } from './submitted'

type Auth = AuthBinding<AuthView>

/** The whole sign-in UI: one screen per step of the view. */
export function App({ client }: { client: AuthClient }) {
  const auth = useAuth(client)
  const { view } = auth
  // Which form shows while signed out; once a command leaves signedOut, the view decides, and the next
  // signedOut (a cancel, a reset password, a sign-out) starts again at the sign-in form.
  const [form, setForm] = useState<SignedOutForm>('signIn')
  useEffect(() => {
    if (view.step !== 'signedOut') setForm('signIn')
  }, [view.step])
  return (
    <main data-step={view.step}>
      <h1>cognito-auth-machine · React</h1>
      {view.notice && (
        <p className="notice" data-testid="notice" data-notice={view.notice}>
          {noticeMessage(view.notice)}
        </p>
      )}
      <Step auth={auth} form={form} setForm={setForm} />
    </main>
  )
}

/** The buttons under a sign-in step: its own, then Cancel, which leaves the sign-in. */
function Actions({ auth, children }: { auth: Auth; children?: ReactNode }) {
  return (
    <div className="row">
      {children}
      <button type="button" className="secondary" data-testid="cancel" onClick={() => run(auth.cancel())}>
        Cancel
      </button>
    </div>
  )
}

/** The e-mail field of the forms of a signed-out user (the examples' pool signs in with the e-mail address). */
function EmailInput({ defaultValue }: { defaultValue: string }) {
  return (
    <label>
      E-mail <input name="username" type="email" data-testid="username" autoComplete="username" defaultValue={defaultValue} required />
    </label>
  )
}

function Step({ auth, form, setForm }: { auth: Auth; form: SignedOutForm; setForm: (form: SignedOutForm) => void }) {
  const { view } = auth
  const back = () => setForm('signIn')
  const choice = choiceBasedSignIn()
  switch (view.step) {
    case 'signedOut':
      if (form === 'signUp') return <SignUpForm auth={auth} error={null} username="" onCancel={back} />
      if (form === 'forgotPassword') return <ForgotPasswordForm auth={auth} error={null} username="" onCancel={back} />
      if (form === 'confirmSignUp')
        return (
          <form key="confirm-sign-up" onSubmit={(e) => run(auth.confirmSignUp({ username: field(submitted(e), 'username') }))}>
            <p>Signed up earlier? Enter your e-mail address, then the code we sent you.</p>
            <EmailInput defaultValue="" />
            <div className="row">
              <button data-testid="enter-code">Enter the code</button>
              <button type="button" className="secondary" data-testid="cancel" onClick={back}>
                Cancel
              </button>
            </div>
          </form>
        )
      return (
        <div className="stack">
          <form
            key="sign-in"
            onSubmit={(e) => {
              const form = submitted(e)
              const password = field(form, 'password')
              // by choice (USER_AUTH), no password means choosing how to sign in (the selectChallenge step)
              run(auth.signIn({ username: field(form, 'username'), ...(password ? { password } : {}) }))
            }}
          >
            <ErrorMessage error={view.error} />
            <EmailInput defaultValue={view.username ?? ''} />
            <label>
              {choice ? 'Password (or leave it empty for a code or a passkey)' : 'Password'}{' '}
              <input name="password" type="password" data-testid="password" autoComplete="current-password" required={!choice} />
            </label>
            <button data-testid="sign-in">Sign in</button>
          </form>
          <div className="row">
            <button type="button" className="link" data-testid="go-sign-up" onClick={() => setForm('signUp')}>
              Create an account
            </button>
            <button type="button" className="link" data-testid="go-forgot-password" onClick={() => setForm('forgotPassword')}>
              Forgot your password?
            </button>
            <button type="button" className="link" data-testid="go-confirm-sign-up" onClick={() => setForm('confirmSignUp')}>
              I have a code
            </button>
          </div>
        </div>
      )
    case 'signUp':
      return <SignUpForm auth={auth} error={view.error} username={view.username} onCancel={() => run(auth.cancel())} />
    case 'confirmSignUp':
      return (
        <form onSubmit={(e) => run(auth.submitCode(field(submitted(e), 'code')))}>
          <p>
            Confirm the account <strong>{view.username}</strong>. <span data-testid="delivery">{deliveryMessage(view.delivery)}</span>
          </p>
          <ErrorMessage error={view.error} />
          <label>
            Code <input name="code" data-testid="code" inputMode="numeric" autoComplete="one-time-code" required />
          </label>
          <Actions auth={auth}>
            <button data-testid="submit-code">Confirm</button>
            <button type="button" className="secondary" data-testid="resend-code" onClick={() => run(auth.resendCode())}>
              Send a new code
            </button>
          </Actions>
        </form>
      )
    case 'forgotPassword':
      return <ForgotPasswordForm auth={auth} error={view.error} username={view.username} onCancel={() => run(auth.cancel())} />
    case 'resetPassword':
      return (
        <form
          onSubmit={(e) => {
            const form = submitted(e)
            run(auth.resetPassword({ code: field(form, 'code'), password: field(form, 'password'), signIn: form.has('signIn') }))
          }}
        >
          <p>
            Choose a new password for <strong>{view.username}</strong>. <span data-testid="delivery">{deliveryMessage(view.delivery)}</span>
          </p>
          <ErrorMessage error={view.error} />
          <label>
            Code <input name="code" data-testid="code" inputMode="numeric" autoComplete="one-time-code" required />
          </label>
          <label>
            New password <input name="password" type="password" data-testid="new-password" autoComplete="new-password" required />
          </label>
          <label className="check">
            <input name="signIn" type="checkbox" data-testid="sign-in-now" /> Sign me in now
          </label>
          <Actions auth={auth}>
            <button data-testid="reset-password">Set password</button>
            <button type="button" className="secondary" data-testid="resend-code" onClick={() => run(auth.resendCode())}>
              Send a new code
            </button>
          </Actions>
        </form>
      )
    case 'working':
      return <p aria-busy="true">Working ({view.doing})…</p>
    case 'failed':
      return (
        <div className="stack">
          <p className="error" data-testid="error" role="alert">
            {view.error.message}
          </p>
          <div className="row">
            {view.error.retryable && (
              <button data-testid="retry" onClick={() => run(auth.retry())}>
                Try again
              </button>
            )}
            <button className="secondary" data-testid="cancel" onClick={() => run(auth.cancel())}>
              Cancel
            </button>
          </div>
        </div>
      )
    case 'totpSetup':
      return (
        <form onSubmit={(e) => run(auth.confirmTotpSetup(field(submitted(e), 'code')))}>
          <p>Scan this code with your authenticator app, then enter the code it shows.</p>
          <div className="qr" data-testid="totp-qr" dangerouslySetInnerHTML={{ __html: qrCodeSvg(view.otpauthUri) }} />
          <p>
            Or type the key: <code data-testid="totp-secret">{view.secret}</code>
          </p>
          <ErrorMessage error={view.error} />
          <CodeInput auth={auth} />
        </form>
      )
    case 'mfaCode':
      return (
        <form onSubmit={(e) => run(auth.submitCode(field(submitted(e), 'code')))}>
          <p>
            {view.channel === 'TOTP'
              ? 'Enter the code from your authenticator app.'
              : `Enter the code sent to ${view.destination ?? 'you'}.`}
          </p>
          <ErrorMessage error={view.error} />
          <CodeInput auth={auth} />
        </form>
      )
    case 'selectMfa':
      return (
        <form onSubmit={(e) => e.preventDefault()}>
          <p>How do you want to confirm it is you?</p>
          <ErrorMessage error={view.error} />
          <Actions auth={auth}>
            {view.options.map((option) => (
              <button type="button" key={option} data-testid="mfa-option" onClick={() => run(auth.selectMfa(option))}>
                {option}
              </button>
            ))}
          </Actions>
        </form>
      )
    case 'newPassword':
      return (
        <form
          onSubmit={(e) => {
            const form = submitted(e)
            run(auth.submitNewPassword({ password: field(form, 'password'), attributes: otherFields(form, 'password') }))
          }}
        >
          <ErrorMessage error={view.error} />
          <label>
            New password <input name="password" type="password" data-testid="new-password" autoComplete="new-password" required />
          </label>
          {view.requiredAttributes.map((name) => (
            <label key={name}>
              {name} <input name={name} required />
            </label>
          ))}
          <Actions auth={auth}>
            <button data-testid="submit-new-password">Set password</button>
          </Actions>
        </form>
      )
    case 'customChallenge':
      return (
        <form onSubmit={(e) => run(auth.answerCustomChallenge(field(submitted(e), 'answer')))}>
          <ErrorMessage error={view.error} />
          <label>
            {view.parameters.question ?? 'Answer'} <input name="answer" data-testid="answer" required />
          </label>
          <Actions auth={auth}>
            <button data-testid="submit-answer">Answer</button>
          </Actions>
        </form>
      )
    case 'selectChallenge': {
      const choices = factorChoices(view.options)
      const password = choices.find((c) => c.password)
      return (
        <form
          onSubmit={(e) => {
            if (password) run(auth.selectChallenge({ challenge: password.challenge, password: field(submitted(e), 'password') }))
            else e.preventDefault()
          }}
        >
          <p>
            How do you want to sign in as <strong>{view.username}</strong>?
          </p>
          <ErrorMessage error={view.error} />
          {password && (
            <label>
              Password <input name="password" type="password" data-testid="password" autoComplete="current-password" required />
            </label>
          )}
          <Actions auth={auth}>
            {choices.map(({ challenge, label }) =>
              challenge === password?.challenge ? (
                <button key={challenge} data-testid="challenge-option" data-challenge={challenge}>
                  {label}
                </button>
              ) : (
                <button
                  type="button"
                  key={challenge}
                  className="secondary"
                  data-testid="challenge-option"
                  data-challenge={challenge}
                  onClick={() => run(auth.selectChallenge({ challenge }))}
                >
                  {label}
                </button>
              ),
            )}
          </Actions>
        </form>
      )
    }
    case 'passkey':
      return (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            run(auth.usePasskey())
          }}
        >
          <p data-testid="passkey-prompt">{passkeyPrompt(view.username)}</p>
          <ErrorMessage error={view.error} />
          <Actions auth={auth}>
            <button data-testid="use-passkey">{view.error ? 'Try again' : 'Use passkey'}</button>
          </Actions>
        </form>
      )
    case 'rememberDevice':
      return (
        <form className="stack" onSubmit={(e) => e.preventDefault()}>
          <p>Remember this device?{view.trustDays !== null && ` You will not be asked for a code here for ${view.trustDays} days.`}</p>
          <ErrorMessage error={view.error} />
          <Actions auth={auth}>
            <button type="button" data-testid="remember-yes" onClick={() => run(auth.rememberDevice(true))}>
              Remember
            </button>
            <button type="button" className="secondary" data-testid="remember-no" onClick={() => run(auth.rememberDevice(false))}>
              Not now
            </button>
          </Actions>
        </form>
      )
    case 'signedIn':
      return <SignedIn auth={auth} view={view} />
  }
}

interface AccountFormProps {
  auth: Auth
  /** The failed attempt's error, or null for the first. */
  error: AuthError | null
  /** The name of the failed attempt, to fill in again. */
  username: string
  /** Back to the sign-in form: before the first attempt the app's own doing, after it `cancel()`. */
  onCancel: () => void
}

/** Sign-up: the e-mail address is the user name (and the address the code goes to), and a password. */
function SignUpForm({ auth, error, username, onCancel }: AccountFormProps) {
  return (
    <form
      onSubmit={(e) => {
        const form = submitted(e)
        const email = field(form, 'username')
        run(auth.signUp({ username: email, password: field(form, 'password'), attributes: { email } }))
      }}
    >
      <p>Create an account. We will send a code to your e-mail address.</p>
      <ErrorMessage error={error} />
      <EmailInput defaultValue={username} />
      <label>
        Password <input name="password" type="password" data-testid="password" autoComplete="new-password" required />
      </label>
      <div className="row">
        <button data-testid="sign-up">Create account</button>
        <button type="button" className="secondary" data-testid="cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** Forgotten password: the user name; a code to set a new one goes to the account's verified e-mail. */
function ForgotPasswordForm({ auth, error, username, onCancel }: AccountFormProps) {
  return (
    <form onSubmit={(e) => run(auth.forgotPassword({ username: field(submitted(e), 'username') }))}>
      <p>Forgot your password? We will send a code to set a new one.</p>
      <ErrorMessage error={error} />
      <EmailInput defaultValue={username} />
      <div className="row">
        <button data-testid="send-code">Send me a code</button>
        <button type="button" className="secondary" data-testid="cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function CodeInput({ auth }: { auth: Auth }) {
  return (
    <>
      <label>
        Code <input name="code" data-testid="code" inputMode="numeric" autoComplete="one-time-code" required />
      </label>
      <Actions auth={auth}>
        <button data-testid="submit-code">Verify</button>
      </Actions>
    </>
  )
}
