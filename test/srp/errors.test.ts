import { describe, expect, it } from 'vitest'
import {
  computeDeviceClaim,
  computePasswordClaim,
  createDeviceVerifier,
  generateEphemeral,
  secretHash,
  SrpError,
  type SrpErrorCode,
} from '../../src/srp'
import { N } from '../../src/srp/constants'
import { requireNonZeroModN } from '../../src/srp/math'

const PASSWORD = 'correct horse ✓ battery'

async function validInput() {
  return {
    poolId: 'us-east-1_AbCdEf123',
    userIdForSrp: 'user-1',
    password: PASSWORD,
    srpB: 'bc071b539bfaa44b26a4f4a917dcc4b9',
    salt: 'baf4431cdaa37c04c0d655a99f5e9b9b',
    secretBlock: 'c2VjcmV0',
    ephemeral: await generateEphemeral(),
  }
}

async function expectSrpError(promise: Promise<unknown>, code: SrpErrorCode) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SrpError)
  expect((error as SrpError).code).toBe(code)
  expect((error as SrpError).message).not.toContain(PASSWORD)
}

describe('bad input is a typed SrpError, never a claim', () => {
  it.each([
    ['SRP_B = 0', { srpB: '0' }, 'INVALID_SRP_B'],
    ['SRP_B = N', { srpB: N.toString(16) }, 'INVALID_SRP_B'],
    ['SRP_B = 2N', { srpB: (2n * N).toString(16) }, 'INVALID_SRP_B'],
    ['SRP_B not hex', { srpB: 'xyz' }, 'INVALID_HEX'],
    ['SRP_B empty', { srpB: '' }, 'INVALID_HEX'],
    ['SRP_B with 0x prefix', { srpB: '0x1234' }, 'INVALID_HEX'],
    ['SALT not hex', { salt: 'g0' }, 'INVALID_HEX'],
    ['SECRET_BLOCK not base64', { secretBlock: 'abc' }, 'INVALID_BASE64'],
    ['SECRET_BLOCK base64url', { secretBlock: 'ab-_' }, 'INVALID_BASE64'],
    ['empty password', { password: '' }, 'EMPTY_PASSWORD'],
    ['pool id without _', { poolId: 'useast1AbCdEf123' }, 'INVALID_POOL_ID'],
    ['pool id ending in _', { poolId: 'us-east-1_' }, 'INVALID_POOL_ID'],
    ['empty USER_ID_FOR_SRP', { userIdForSrp: '' }, 'INVALID_INPUT'],
  ] as const)('%s', async (_name, patch, code) => {
    await expectSrpError(computePasswordClaim({ ...(await validInput()), ...patch }), code)
  })

  it('an ephemeral not made by the engine (e.g. one revived from JSON)', async () => {
    const input = await validInput()
    const revived = JSON.parse(JSON.stringify(input.ephemeral))
    await expectSrpError(computePasswordClaim({ ...input, ephemeral: revived }), 'INVALID_EPHEMERAL')
  })

  it.each([
    ['INVALID_U', 0n],
    ['INVALID_SRP_B', N],
    ['INVALID_EPHEMERAL', 3n * N],
  ] as const)('the 0 mod N guard used for A, B and u throws %s', (code, value) => {
    expect(() => requireNonZeroModN(value, code, 'x')).toThrow(expect.objectContaining({ code }))
    expect(requireNonZeroModN(value + 1n, code, 'x')).toBe(value + 1n)
  })

  it('device claim: empty keys and password', async () => {
    const base = { ...(await validInput()), deviceGroupKey: 'g', deviceKey: 'us-east-1_k', devicePassword: 'p' }
    await expectSrpError(computeDeviceClaim({ ...base, deviceKey: '' }), 'INVALID_INPUT')
    await expectSrpError(computeDeviceClaim({ ...base, deviceGroupKey: '' }), 'INVALID_INPUT')
    await expectSrpError(computeDeviceClaim({ ...base, devicePassword: '' }), 'EMPTY_PASSWORD')
    await expectSrpError(createDeviceVerifier({ deviceGroupKey: '', deviceKey: 'k' }), 'INVALID_INPUT')
  })

  it('secretHash: empty fields', async () => {
    await expectSrpError(secretHash({ clientId: 'c', clientSecret: '', username: 'u' }), 'INVALID_INPUT')
    await expectSrpError(secretHash({ clientId: '', clientSecret: 's', username: 'u' }), 'INVALID_INPUT')
  })

  it('the ephemeral exposes srpA only: the secret does not serialise', async () => {
    const eph = await generateEphemeral()
    expect(Object.keys(eph)).toEqual(['srpA'])
    expect(JSON.stringify(eph)).toBe(JSON.stringify({ srpA: eph.srpA }))
    expect(Object.isFrozen(eph)).toBe(true)
    expect(eph.srpA).toMatch(/^[1-9a-f][0-9a-f]*$/)
  })

  it('every claim uses a fresh A', async () => {
    const a = await generateEphemeral()
    const b = await generateEphemeral()
    expect(a.srpA).not.toBe(b.srpA)
  })
})
