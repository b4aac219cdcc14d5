// Server-rendered pages for every view the BFF handles. Nothing here decides anything: each page shows
// one AuthView and posts the answer back. All text is escaped.
import type { AuthView, ListedDevice } from 'cognito-auth-machine'

const escape = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A tagged template that escapes every interpolated value except nested `Html`. */
class Html {
  constructor(readonly text: string) {}
  toString() {
    return this.text
  }
}
function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value]
    out += parts.map((v) => (v instanceof Html ? v.text : v === null || v === undefined || v === false ? '' : escape(v))).join('')
    out += strings[i + 1]
  })
  return new Html(out)
}

function layout(title: string, body: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · cognito-auth-machine BFF</title>
        <style>
          body {
            font:
              16px/1.5 system-ui,
              sans-serif;
            max-width: 34rem;
            margin: 3rem auto;
            padding: 0 1rem;
            color: #1d2330;
          }
          h1 {
            font-size: 1.4rem;
          }
          form {
            display: grid;
            gap: 0.6rem;
            margin: 1rem 0;
          }
          input,
          button {
            font: inherit;
            padding: 0.5rem 0.7rem;
          }
          button {
            cursor: pointer;
          }
          .notice {
            background: #eef4ff;
            padding: 0.6rem 0.8rem;
            border-radius: 4px;
          }
          .error {
            background: #ffeef0;
            padding: 0.6rem 0.8rem;
            border-radius: 4px;
          }
          table {
            width: 100%;
            border-collapse: collapse;
          }
          td,
          th {
            text-align: left;
            padding: 0.3rem;
            border-bottom: 1px solid #dde;
            font-size: 0.9rem;
          }
          .row {
            display: flex;
            gap: 0.5rem;
          }
          code {
            word-break: break-all;
          }
        </style>
      </head>
      <body>
        <h1>${title}</h1>
        ${body}
      </body>
    </html>`.text
}

const NOTICES: Record<string, string> = {
  trustExpired: 'This device was trusted for a limited time, and that time is up: confirm with your code again.',
  staleDevice: 'This device was no longer known to the user pool, so you signed in as a new device.',
  deviceRecordDropped: 'The saved record of this device was unreadable and has been dropped.',
  signedOut: 'You have been signed out.',
  deviceForgotten: 'The device has been forgotten.',
}

/** The view's notice, and the error of its last answer or call, shown in the step itself. */
function notice(view: AuthView): Html {
  const error = 'error' in view ? view.error : null
  return html`${view.notice ? html`<p class="notice" data-notice="${view.notice}">${NOTICES[view.notice] ?? view.notice}</p>` : ''}${
    error ? html`<p class="error" role="alert" data-code="${error.code}">${error.message}</p>` : ''
  }`
}

function devicesTable(devices: readonly ListedDevice[]): Html {
  if (devices.length === 0) return html`<p>No remembered devices.</p>`
  return html`<table id="devices">
    <tr>
      <th>Device</th>
      <th>Status</th>
      <th>Last sign-in</th>
      <th></th>
    </tr>
    ${devices.map(
      (d) =>
        html`<tr data-device-key="${d.deviceKey}">
          <td>${d.name ?? d.deviceKey}${d.current ? html` <strong>(this browser)</strong>` : ''}</td>
          <td>${d.status ?? '?'}</td>
          <td>${d.lastAuthenticatedAt ? new Date(d.lastAuthenticatedAt).toISOString().slice(0, 16).replace('T', ' ') : '-'}</td>
          <td>
            <form method="post" action="/devices/forget">
              <input type="hidden" name="deviceKey" value="${d.deviceKey}" /><button>Forget</button>
            </form>
          </td>
        </tr>`,
    )}
  </table>`
}

/**
 * The page for a view. `devices` is the signed-in user's device list, when it was fetched.
 *
 * @param view - the client's view after this request's step
 */
export function renderView(view: AuthView): string {
  switch (view.step) {
    case 'signedOut':
      return layout(
        'Sign in',
        html`${notice(view)}
          <form method="post" action="/sign-in">
            <label>Username <input name="username" autocomplete="username" required /></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
            <button>Sign in</button>
          </form>`,
      )
    case 'mfaCode':
      return layout(
        'Enter your code',
        html`${notice(view)}
          <p>
            ${view.channel === 'TOTP' ? 'Enter the code from your authenticator app.' : `We sent a code to ${view.destination ?? 'you'}.`}
          </p>
          <form method="post" action="/mfa">
            <label>Code <input name="code" inputmode="numeric" autocomplete="one-time-code" required /></label><button>Continue</button>
          </form>
          <form method="post" action="/cancel"><button>Cancel</button></form>`,
      )
    case 'rememberDevice':
      return layout(
        'Remember this browser?',
        html`${notice(view)}
          <p>
            ${view.reason === 'reasked' ? 'Your code was asked for again on this browser.' : 'This is a new browser for your account.'}
            Remember it to skip the code here${view.trustDays ? ` for ${view.trustDays} days` : ''}?
          </p>
          <div class="row">
            <form method="post" action="/remember"><input type="hidden" name="remember" value="yes" /><button>Remember</button></form>
            <form method="post" action="/remember"><input type="hidden" name="remember" value="no" /><button>Not now</button></form>
          </div>`,
      )
    case 'signedIn':
      return layout(
        `Signed in as ${view.username}`,
        html`${notice(view)}
          <p id="device-status">
            ${view.device ? html`This browser is device <code>${view.device.deviceKey}</code>: ${view.device.status}${view.device.trustedUntil ? `, trusted until ${new Date(view.device.trustedUntil).toISOString().slice(0, 10)}` : ''}.` : 'This browser has no device.'}
          </p>
          <h2>Your devices</h2>
          ${devicesTable(view.devices ?? [])}
          <form method="post" action="/sign-out"><button>Sign out</button></form>`,
      )
    case 'failed':
      return layout(
        'Something went wrong',
        html`${notice(view)}
          <div class="row">
            ${view.error.retryable ? html`<form method="post" action="/retry"><button>Try again</button></form>` : ''}
            <form method="post" action="/cancel"><button>Start over</button></form>
          </div>`,
      )
    default:
      // TOTP enrolment, new password, MFA choice and custom challenges are left to the full example apps.
      return layout(
        'Not handled here',
        html`<p>This sign-in needs a step this small example does not render (${view.step}).</p>
          <form method="post" action="/cancel"><button>Start over</button></form>`,
      )
  }
}
