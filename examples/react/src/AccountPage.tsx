import type { AuthView, ProfileView, SignedInView } from 'cognito-auth-machine'
import type { AuthCommandsOf } from 'cognito-auth-machine/react'
import { useEffect, useState } from 'react'
import { changedAttributes, clearedWhenDone, formStatus, needsPasskeys, needsProfile, type AccountForm } from '../../common/accountPage'
import { choiceBasedSignIn, field, qrCodeSvg, run } from '../../common/createExampleClient'
import { deliveryMessage, mfaMessage, passkeyLabel, profileNoticeMessage, TOTP_STOPS_PASSWORDLESS } from '../../common/messages'
import { Devices } from './Devices'
import { ErrorMessage } from './ErrorMessage'
import { submitted } from './submitted'

/** The error of the form's last call and the notice about it. */
function FormStatus({ profile, form, last }: { profile: ProfileView; form: AccountForm; last: AccountForm | null }) {
  const { error, notice } = formStatus(profile, form, last)
  return (
    <>
      <ErrorMessage error={error} />
      {notice && (
        <p className="notice" data-testid="profile-notice" data-notice={notice}>
          {profileNoticeMessage(notice)}
        </p>
      )}
    </>
  )
}

/**
 * The account page: the attributes (name and e-mail, with the e-mail's code), the password, the
 * authenticator app, the passkeys (in the passwordless variant), the devices and deleting the account. Read
 * with `loadProfile` when it opens (and `listPasskeys`, which it does not do); every button waits while a call
 * is under way (`view.busy`).
 */
export function AccountPage({ auth, view }: { auth: AuthCommandsOf; view: SignedInView }) {
  const { profile } = view
  const [last, setLast] = useState<AccountForm | null>(null)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const passkeysOn = choiceBasedSignIn()
  useEffect(() => {
    if (needsProfile(view)) run(auth.loadProfile())
    else if (passkeysOn && needsPasskeys(view)) run(auth.listPasskeys())
  }, [auth, view, passkeysOn])
  /** Runs a command of one of the page's forms: that form shows its error. */
  const act = (form: AccountForm, command: Promise<AuthView>) => {
    setLast(form)
    run(command)
  }

  if (!profile?.attributes)
    return (
      <section className="stack" data-testid="account-page">
        <h2>Your account</h2>
        {profile?.error ? (
          <div className="row">
            <ErrorMessage error={profile.error} />
            <button className="secondary" data-testid="load-profile" onClick={() => run(auth.loadProfile())}>
              Try again
            </button>
          </div>
        ) : (
          <p aria-busy="true">Loading your account…</p>
        )}
      </section>
    )
  const { attributes } = profile
  const emailCode = profile.verifying.find((d) => d.attribute === 'email')
  const totpOn = profile.mfa?.enabled.includes('SOFTWARE_TOKEN_MFA') ?? false
  return (
    <fieldset className="stack" data-testid="account-page" disabled={view.busy !== null}>
      <h2>Your account</h2>

      <h3>Profile</h3>
      <form
        data-testid="attributes-form"
        onSubmit={(e) => {
          const changes = changedAttributes(submitted(e), attributes)
          if (changes) act('attributes', auth.updateAttributes(changes))
        }}
      >
        <FormStatus profile={profile} form="attributes" last={last} />
        <label>
          Name <input name="name" data-testid="profile-name" autoComplete="name" defaultValue={attributes.name ?? ''} />
        </label>
        <label>
          <span>
            E-mail (<span data-testid="email-status">{attributes.email_verified === 'true' ? 'verified' : 'not verified'}</span>)
          </span>
          <input
            name="email"
            type="email"
            data-testid="profile-email"
            autoComplete="email"
            defaultValue={attributes.email ?? ''}
            required
          />
        </label>
        <button data-testid="save-attributes">Save</button>
      </form>
      {emailCode && (
        <form
          data-testid="verify-form"
          onSubmit={(e) => act('verify', auth.verifyAttribute({ attribute: 'email', code: field(submitted(e), 'code') }))}
        >
          <p data-testid="delivery">{deliveryMessage(emailCode)}</p>
          <FormStatus profile={profile} form="verify" last={last} />
          <label>
            Code <input name="code" data-testid="attribute-code" inputMode="numeric" autoComplete="one-time-code" required />
          </label>
          <div className="row">
            <button data-testid="verify-attribute">Verify</button>
            <button
              type="button"
              className="secondary"
              data-testid="resend-attribute-code"
              onClick={() => act('verify', auth.sendAttributeCode('email'))}
            >
              Send a new code
            </button>
          </div>
        </form>
      )}

      <h3>Password</h3>
      <form
        data-testid="password-form"
        onSubmit={(e) => {
          const form = e.currentTarget
          const fields = submitted(e)
          const input = { currentPassword: field(fields, 'currentPassword'), newPassword: field(fields, 'newPassword') }
          act('password', clearedWhenDone(form, auth.changePassword({ ...input, signOutOthers: fields.has('signOutOthers') })))
        }}
      >
        <FormStatus profile={profile} form="password" last={last} />
        <label>
          Current password{' '}
          <input name="currentPassword" type="password" data-testid="current-password" autoComplete="current-password" required />
        </label>
        <label>
          New password <input name="newPassword" type="password" data-testid="new-password" autoComplete="new-password" required />
        </label>
        <label className="check">
          <input name="signOutOthers" type="checkbox" data-testid="sign-out-others" /> Sign out every other session
        </label>
        <button data-testid="change-password">Change password</button>
      </form>

      <h3>Two-step verification</h3>
      <p data-testid="mfa-status" data-totp={totpOn ? 'on' : 'off'}>
        {mfaMessage(profile.mfa)}
      </p>
      {passkeysOn && (totpOn || profile.totp) && (
        <p className="warning" data-testid="totp-warning" role="note">
          {TOTP_STOPS_PASSWORDLESS}
        </p>
      )}
      {profile.totp ? (
        <form data-testid="totp-form" onSubmit={(e) => act('mfa', auth.confirmTotpSetup(field(submitted(e), 'code')))}>
          <p>Scan this code with your authenticator app, then enter the code it shows.</p>
          <div className="qr" data-testid="totp-qr" dangerouslySetInnerHTML={{ __html: qrCodeSvg(profile.totp.otpauthUri) }} />
          <p>
            Or type the key: <code data-testid="totp-secret">{profile.totp.secret}</code>
          </p>
          <FormStatus profile={profile} form="mfa" last={last} />
          <label>
            Code <input name="code" data-testid="totp-code" inputMode="numeric" autoComplete="one-time-code" required />
          </label>
          <div className="row">
            <button data-testid="confirm-totp">Turn on</button>
            <button type="button" className="secondary" data-testid="cancel-totp" onClick={() => act('mfa', auth.cancel())}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <form data-testid="mfa-form" onSubmit={(e) => e.preventDefault()}>
          <FormStatus profile={profile} form="mfa" last={last} />
          <div className="row">
            <button type="button" data-testid="set-up-totp" onClick={() => act('mfa', auth.setUpTotp())}>
              {totpOn ? 'Set up a new authenticator app' : 'Set up an authenticator app'}
            </button>
            {totpOn && (
              <button
                type="button"
                className="secondary"
                data-testid="turn-off-totp"
                onClick={() => act('mfa', auth.setMfaPreference({ totp: 'disabled' }))}
              >
                Turn the authenticator app off
              </button>
            )}
          </div>
        </form>
      )}

      {passkeysOn && (
        <>
          <h3>Passkeys</h3>
          <form data-testid="passkeys-form" onSubmit={(e) => e.preventDefault()}>
            <FormStatus profile={profile} form="passkeys" last={last} />
            {profile.passkeys === null ? (
              <button type="button" className="secondary" data-testid="list-passkeys" onClick={() => act('passkeys', auth.listPasskeys())}>
                Show my passkeys
              </button>
            ) : profile.passkeys.length === 0 ? (
              <p data-testid="no-passkeys">You have no passkey yet.</p>
            ) : (
              <ul className="passkeys">
                {profile.passkeys.map((passkey) => (
                  <li key={passkey.id} data-testid="passkey" data-passkey-id={passkey.id}>
                    <span data-testid="passkey-name">{passkeyLabel(passkey)}</span>{' '}
                    <button
                      type="button"
                      className="secondary"
                      data-testid="delete-passkey"
                      onClick={() => act('passkeys', auth.deletePasskey(passkey.id))}
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <div className="row">
              <button type="button" data-testid="register-passkey" onClick={() => act('passkeys', auth.registerPasskey())}>
                Add a passkey
              </button>
              {profile.passkeysNextToken && (
                <button
                  type="button"
                  className="secondary"
                  data-testid="more-passkeys"
                  onClick={() => act('passkeys', auth.listPasskeys({ nextToken: profile.passkeysNextToken! }))}
                >
                  Next page
                </button>
              )}
            </div>
          </form>
        </>
      )}

      <h3>Devices</h3>
      <Devices auth={auth} view={view} />

      <h3>Delete account</h3>
      {confirmingDelete ? (
        <form data-testid="delete-form" onSubmit={(e) => e.preventDefault()}>
          <p>Delete your account? This cannot be undone.</p>
          <FormStatus profile={profile} form="delete" last={last} />
          <div className="row">
            <button type="button" className="danger" data-testid="confirm-delete" onClick={() => act('delete', auth.deleteUser())}>
              Yes, delete my account
            </button>
            <button type="button" className="secondary" data-testid="keep-account" onClick={() => setConfirmingDelete(false)}>
              Keep it
            </button>
          </div>
        </form>
      ) : (
        <div className="row">
          <button type="button" className="secondary" data-testid="delete-account" onClick={() => setConfirmingDelete(true)}>
            Delete my account…
          </button>
        </div>
      )}
    </fieldset>
  )
}
