// Without the optional peer dependency @simplewebauthn/server, passkey verification fails with a message that says
// to install it (the module is mocked away here as a missing package).
import { expect, it, vi } from 'vitest'

it('a missing @simplewebauthn/server is InternalErrorException naming the package to install', async () => {
  vi.doMock('@simplewebauthn/server', () => {
    throw Object.assign(new Error("Cannot find package '@simplewebauthn/server'"), { code: 'ERR_MODULE_NOT_FOUND' })
  })
  const { webAuthnLibrary } = await import('../../src/testing/webauthn/library')
  const error = await webAuthnLibrary().catch((e: unknown) => e)
  expect(error).toMatchObject({ type: 'InternalErrorException', status: 500 })
  expect((error as Error).message).toMatch(/npm install --save-dev @simplewebauthn\/server/)
  vi.doUnmock('@simplewebauthn/server')
})
