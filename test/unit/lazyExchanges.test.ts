import { describe, expect, it, vi } from 'vitest'
import { createActor, toPromise } from 'xstate'
import { AuthError, memoryStorage } from '../../src/index'
import { createAuthActors, type AuthDeps } from '../../src/machine/index'

const deps: AuthDeps = {
  transport: { send: async () => ({}) as never },
  target: { region: 'us-east-1' },
  storage: memoryStorage(),
  userPoolId: 'us-east-1_Pool1',
  clientId: 'client1',
  deviceName: 'test',
  now: () => Date.now(),
  timeoutMs: 30_000,
}

const SESSION = { username: 'ana', userId: 'ana', expiresAt: 0, issuedAt: 0, deviceKey: null }

describe('exchanges loaded on first use', () => {
  it('a module that cannot be loaded (offline) is a retryable NETWORK_ERROR', async () => {
    vi.doMock('../../src/machine/signedInTasks', () => {
      throw new TypeError('Failed to fetch dynamically imported module')
    })
    try {
      const actor = createActor(createAuthActors(deps).signedInTask, {
        input: { task: { kind: 'listingDevices' }, session: SESSION, device: null, devices: null },
      }).start()
      const error = await toPromise(actor).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(AuthError)
      expect(error).toMatchObject({
        code: 'NETWORK_ERROR',
        retryable: true,
        message: 'Part of the app could not be loaded. Check the connection and try again.',
      })
    } finally {
      vi.doUnmock('../../src/machine/signedInTasks')
    }
  })
  it('once loaded, the exchange runs (here: no session, so NOT_SIGNED_IN)', async () => {
    const actor = createActor(createAuthActors(deps).signedInTask, {
      input: { task: { kind: 'listingDevices' }, session: SESSION, device: null, devices: null },
    }).start()
    await expect(toPromise(actor)).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' })
  })
})
