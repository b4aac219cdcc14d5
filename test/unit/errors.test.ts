import { describe, expect, it } from 'vitest'
import { AuthError, fromCognitoError } from '../../src/index'
import { COGNITO_ERROR_CODES, reviveAuthError, toAuthError } from '../../src/machine/index'

describe('AuthError', () => {
  it('maps every Cognito exception the client names (the error lists of its operations in the API reference)', () => {
    const named = new Set<string>()
    // The "Errors" lists of InitiateAuth, RespondToAuthChallenge, the device and MFA operations, without the suffix.
    const listed = `AliasExists CodeMismatch ConcurrentModification DeviceKeyExists EnableSoftwareTokenMFA ExpiredCode
      FeatureUnavailableInTier Forbidden InternalError InvalidEmailRoleAccessPolicy InvalidLambdaResponse InvalidParameter
      InvalidPassword InvalidSmsRoleAccessPolicy InvalidSmsRoleTrustRelationship InvalidUserPoolConfiguration MFAMethodNotFound
      NotAuthorized OperationNotEnabled PasswordHistoryPolicyViolation PasswordResetRequired ResourceNotFound
      SoftwareTokenMFANotFound TooManyRequests Unauthorized UnexpectedLambda UnsupportedOperation UnsupportedTokenType
      UserLambdaValidation UserNotConfirmed UserNotFound UsernameExists`.split(/\s+/)
    for (const base of listed) {
      named.add(`${base}Exception`)
    }
    expect(named.size).toBe(32)
    for (const name of named) expect(COGNITO_ERROR_CODES[name], name).toBeDefined()
  })

  it('keeps Cognito name and message in cause and strips namespaces', () => {
    const e = fromCognitoError('com.amazonaws.cognito#CodeMismatchException:http://x', 'Invalid code or auth state for the user.', 400)
    expect(e.code).toBe('CODE_MISMATCH')
    expect(e.cause).toEqual({ name: 'CodeMismatchException', message: 'Invalid code or auth state for the user.', status: 400 })
    expect(e.retryable).toBe(false)
  })

  it('refines the three cases Cognito only tells apart by message', () => {
    const noChannel = 'Cannot reset password for the user as there is no registered/verified email or phone_number'
    expect(fromCognitoError('InvalidParameterException', noChannel).code).toBe('NO_RECOVERY_CHANNEL')
    expect(fromCognitoError('InvalidParameterException', 'Invalid email address format.').code).toBe('INVALID_PARAMETER')
    expect(fromCognitoError('UserPoolAddOnNotEnabledException', 'off').code).toBe('USER_POOL_ADD_ON_NOT_ENABLED')
    expect(fromCognitoError('ResourceNotFoundException', 'Device does not exist.').code).toBe('STALE_DEVICE')
    expect(fromCognitoError('ResourceNotFoundException', 'User pool client x does not exist.').code).toBe('RESOURCE_NOT_FOUND')
    expect(fromCognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.').code).toBe('SESSION_EXPIRED')
    expect(fromCognitoError('NotAuthorizedException', 'Incorrect username or password.').code).toBe('NOT_AUTHORIZED')
  })

  it('marks throttling, 5xx and network failures retryable', () => {
    expect(fromCognitoError('TooManyRequestsException', 'slow down', 400).retryable).toBe(true)
    expect(fromCognitoError('SomethingNew', 'boom', 503)).toMatchObject({ code: 'INTERNAL_ERROR', retryable: true })
    expect(fromCognitoError('SomethingNew', 'odd', 400)).toMatchObject({ code: 'UNKNOWN', retryable: false })
    expect(new AuthError('NETWORK_ERROR', 'x').retryable).toBe(true)
  })

  it('round-trips through JSON', () => {
    const e = fromCognitoError('NotAuthorizedException', 'Incorrect username or password.', 400)
    const back = reviveAuthError(JSON.parse(JSON.stringify(e)))
    expect(back).toBeInstanceOf(AuthError)
    expect(back).toMatchObject({ code: 'NOT_AUTHORIZED', retryable: false, cause: e.cause, message: e.message })
  })

  it('wraps SRP errors and unknown throws', () => {
    const srp = Object.assign(new Error('SRP_B is 0 mod N'), { name: 'SrpError' })
    expect(toAuthError(srp).code).toBe('SRP_ERROR')
    expect(toAuthError('weird').code).toBe('UNKNOWN')
  })

  it('gives people a sentence, and keeps Cognito own words in cause', () => {
    const mismatch = fromCognitoError('CodeMismatchException', 'Invalid code or auth state for the user.', 400)
    expect(mismatch.message).toBe('That code is not right. Check it and try again.')
    expect(mismatch.message).not.toMatch(/CODE_MISMATCH|Exception/)
    // Cognito's own message when it is already a sentence, with its full stop
    expect(fromCognitoError('NotAuthorizedException', 'Access Token has been revoked', 400).message).toBe('Access Token has been revoked.')
    expect(fromCognitoError('UserNotFoundException', 'User does not exist.', 400).message).toBe('User does not exist.')
  })

  it('reads exception names as own keys only, and bounds what a server says', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(fromCognitoError(name, 'x', 400).code, name).toBe('UNKNOWN')
    }
    const long = fromCognitoError('InvalidParameterException', 'x'.repeat(1 << 20), 400)
    expect(long.message.length).toBeLessThan(600)
    expect(long.cause?.message.length).toBeLessThan(600)
  })
})
