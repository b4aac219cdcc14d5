/**
 * The tasks of a signed-in session, run by the machine's one `signedInTask` actor: refresh the tokens,
 * mark a device whose trust lapsed, remember or forget a device, list the devices. Loaded on first use
 * (see `later` in authActors.ts), with the modules it dispatches to.
 */
import { AuthError } from '../errors'
import type { ActorKit } from './AuthDeps'
import { setDeviceStatus } from './deviceExchange'
import { forgetDevice, listDevices } from './deviceManagement'
import { refreshSession } from './sessionTasks'
import type { TaskInput, TaskResult } from './types'

/**
 * Runs one task and says what it changes: the session, this device, the device list, a notice.
 *
 * @param kit - the actors' shared kit
 * @param input - the task, the session and the device it acts on
 */
export async function signedInTask(kit: ActorKit, { task, session, device, devices }: TaskInput): Promise<TaskResult> {
  const userId = session?.userId ?? ''
  const deviceStatus = (remember: boolean) =>
    setDeviceStatus(kit, { userId, deviceKey: device?.deviceKey ?? '', confirmedAt: device?.confirmedAt ?? 0, remember })
  switch (task?.kind) {
    case 'refreshing':
      return { signedIn: await refreshSession(kit, { userId, issuedAt: session?.issuedAt ?? 0 }) }
    case 'expiringTrust':
      return { device: await deviceStatus(false), notice: 'trustExpired' }
    case 'rememberingDevice':
      return { device: await deviceStatus(task.remember) }
    case 'forgettingDevice': {
      const forgotten = await forgetDevice(kit, { userId, deviceKey: task.deviceKey })
      return {
        device: forgotten.current ? null : device,
        devices: devices?.filter((d) => d.deviceKey !== forgotten.deviceKey) ?? null,
        notice: 'deviceForgotten',
      }
    }
    case 'listingDevices':
      return { devices: await listDevices(kit, { userId }) }
    default:
      throw new AuthError('INVALID_STATE', 'No task to run.')
  }
}
