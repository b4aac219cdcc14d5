// Server-rendered pages for every view the BFF handles. Nothing here decides anything: each page shows
// one AuthView and posts the answer back, with the session's CSRF token in every form. All text is escaped.
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
  sessionExpired: 'Your session has timed out. Sign in again.',
  trustExpired: 'This device was trusted for a limited time, and that time is up: confirm with your code again.',
  staleDevice: 'This device was no longer known to the user pool, so you signed in as a new device.',
  deviceRecordDropped: 'The saved record of this device was unreadable and has been dropped.',
  signedOut: 'You have been signed out.',
  deviceForgotten: 'The device has been forgotten.',
}

/** A notice of the BFF itself (the session ended), shown on the sign-in page. */
export type PageNotice = 'signedOut' | 'sessionExpired'

/** What a page needs besides the view. */
export interface PageContext {
  /** The session's CSRF token, put in every form. */
  csrf: string
  /** A notice of the BFF, shown when the view has none. */
  notice?: PageNotice | undefined
}

/** The view's notice (or the page's), and the error of its last answer or call, shown in the step itself. */
function notice(view: AuthView, page: PageContext): Html {
  const error = 'error' in view ? view.error : null
  const shown = view.notice ?? page.notice
  return html`${shown ? html`<p class="notice" data-notice="${shown}">${NOTICES[shown] ?? shown}</p>` : ''}${
    error ? html`<p class="error" role="alert" data-code="${error.code}">${error.message}</p>` : ''
  }`
}

/** A POST form with the session's CSRF token. */
function form(action: string, csrf: string, body: Html): Html {
  return html`<form method="post" action="${action}"><input type="hidden" name="csrf" value="${csrf}" />${body}</form>`
}

function devicesTable(devices: readonly ListedDevice[], csrf: string): Html {
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
            ${form('/devices/forget', csrf, html`<input type="hidden" name="deviceKey" value="${d.deviceKey}" /><button>Forget</button>`)}
          </td>
        </tr>`,
    )}
  </table>`
}

/**
 * The page for a view (the signed-in page lists the user's devices when they were fetched).
 *
 * @param view - the client's view after this request's step
 * @param page - the session's CSRF token, and a notice of the BFF
 */
export function renderView(view: AuthView, page: PageContext): string {
  const { csrf } = page
  switch (view.step) {
    case 'signedOut':
      return layout(
        'Sign in',
        html`${notice(view, page)}
        ${form(
          '/sign-in',
          csrf,
          html`<label>Username <input name="username" autocomplete="username" required maxlength="128" /></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="256" /></label>
            <button>Sign in</button>`,
        )}`,
      )
    case 'mfaCode':
      return layout(
        'Enter your code',
        html`${notice(view, page)}
          <p>
            ${view.channel === 'TOTP' ? 'Enter the code from your authenticator app.' : `We sent a code to ${view.destination ?? 'you'}.`}
          </p>
          ${form(
            '/mfa',
            csrf,
            html`<label>Code <input name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="32" /></label
              ><button>Continue</button>`,
          )}
          ${form('/cancel', csrf, html`<button>Cancel</button>`)}`,
      )
    case 'rememberDevice':
      return layout(
        'Remember this browser?',
        html`${notice(view, page)}
          <p>
            ${view.reason === 'reasked' ? 'Your code was asked for again on this browser.' : 'This is a new browser for your account.'}
            Remember it to skip the code here${view.trustDays ? ` for ${view.trustDays} days` : ''}?
          </p>
          <div class="row">
            ${form('/remember', csrf, html`<input type="hidden" name="remember" value="yes" /><button>Remember</button>`)}
            ${form('/remember', csrf, html`<input type="hidden" name="remember" value="no" /><button>Not now</button>`)}
          </div>`,
      )
    case 'signedIn':
      return layout(
        `Signed in as ${view.username}`,
        html`${notice(view, page)}
          <p id="device-status">
            ${view.device ? html`This browser is device <code>${view.device.deviceKey}</code>: ${view.device.status}${view.device.trustedUntil ? `, trusted until ${new Date(view.device.trustedUntil).toISOString().slice(0, 10)}` : ''}.` : 'This browser has no device.'}
          </p>
          <p>A service would check your access token like <a href="/api/me">/api/me</a> does (aws-jwt-verify).</p>
          <h2>Your devices</h2>
          ${devicesTable(view.devices ?? [], csrf)} ${form('/sign-out', csrf, html`<button>Sign out</button>`)}`,
      )
    case 'failed':
      return layout(
        'Something went wrong',
        html`${notice(view, page)}
          <div class="row">
            ${view.error.retryable ? form('/retry', csrf, html`<button>Try again</button>`) : ''}
            ${form('/cancel', csrf, html`<button>Start over</button>`)}
          </div>`,
      )
    default:
      // TOTP enrolment, new password, MFA choice and custom challenges are left to the full example apps.
      return layout(
        'Not handled here',
        html`<p>This sign-in needs a step this small example does not render (${view.step}).</p>
          ${form('/cancel', csrf, html`<button>Start over</button>`)}`,
      )
  }
}

/** The pages of a request that was refused or failed; none says more than its status means. */
const PROBLEMS: Record<number, { title: string; text: string }> = {
  400: { title: 'That request was not understood', text: 'The form sent is not one this site makes.' },
  403: {
    title: 'Request refused',
    text: 'It did not come from a page of this site, or its form belongs to a session that has ended. Start again from the start page.',
  },
  404: { title: 'Not found', text: 'There is no page here.' },
  429: { title: 'Too many sign-in attempts', text: 'Wait a while before you try again.' },
  500: { title: 'Something went wrong', text: 'The request could not be completed. Try again in a moment.' },
}

/**
 * The page of a refused or failed request: its status's title and text, and the request id (the log
 * line with the details carries the same id). Never the error's own message.
 *
 * @param status - the HTTP status
 * @param requestId - the request's id
 * @param retryAfterMinutes - for 429, when to try again
 */
export function renderProblem(status: number, requestId: string, retryAfterMinutes?: number): string {
  const problem = PROBLEMS[status] ?? (status < 500 ? PROBLEMS[400]! : PROBLEMS[500]!)
  return layout(
    problem.title,
    html`<p>${problem.text}${retryAfterMinutes ? ` Try again in ${retryAfterMinutes} minute${retryAfterMinutes === 1 ? '' : 's'}.` : ''}</p>
      <p>Request id: <code id="request-id">${requestId}</code></p>
      <p><a href="/">Back to the start page</a></p>`,
  )
}
