import type { SignedInView } from 'cognito-auth-machine'
import type { AuthCommandsOf } from 'cognito-auth-machine/react'
import { formatDate, run } from '../../common/createExampleClient'

/** This device (remember it, forget it) and the user's remembered devices (`listDevices`), each with Forget. */
export function Devices({ auth, view }: { auth: AuthCommandsOf; view: SignedInView }) {
  const busy = view.busy !== null
  return (
    <div className="stack">
      <p data-testid="this-device">
        This device: {view.device ? `${view.device.status}, trusted until ` : 'none'}
        {view.device && <span data-testid="current-trusted-until">{formatDate(view.device.trustedUntil)}</span>}
      </p>
      <div className="row">
        {view.device?.status === 'not_remembered' && (
          <button className="secondary" data-testid="remember-this-device" disabled={busy} onClick={() => run(auth.rememberDevice(true))}>
            Remember this device
          </button>
        )}
        {view.device && (
          <button className="secondary" data-testid="forget-this-device" disabled={busy} onClick={() => run(auth.forgetDevice())}>
            Forget this device
          </button>
        )}
        <button className="secondary" data-testid="list-devices" disabled={busy} onClick={() => run(auth.listDevices())}>
          Refresh the list
        </button>
      </div>
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
              <td data-testid="device-name">
                {d.name ?? d.deviceKey}
                {d.current && ' (this one)'}
              </td>
              <td>{d.status ?? '—'}</td>
              <td>{formatDate(d.lastAuthenticatedAt)}</td>
              <td data-testid="trusted-until">{d.current && view.device ? formatDate(view.device.trustedUntil) : '—'}</td>
              <td>
                <button className="secondary" data-testid="forget" disabled={busy} onClick={() => run(auth.forgetDevice(d.deviceKey))}>
                  Forget
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
