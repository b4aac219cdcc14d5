// What the scripted Cognito answers to the account calls (SignUp, ConfirmSignUp, ResendConfirmationCode,
// ForgotPassword, ConfirmForgotPassword), as the API reference and the service give them: each reply
// checks what the client sent (the client id, the user name, SecretHash exactly when the client has a
// secret, the password, the code, the session it holds) and answers as the path says.
import { fromCognitoError } from '../../src/index'
import type { ConfirmAnswer, ForgotAnswer, ResendAnswer, ResetAnswer, SignUpAnswer } from './accountModel'
import { NEW_PASSWORD } from './fixtures'
import { secretHashOf } from './independentSrp'
import { CLIENT, expectEqual, USER, type Reply, type ScriptedCognito } from './scriptedCognito'

/** Where the codes go: the user's e-mail, masked. */
export const DELIVERY = { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' } as const
/** The attributes a sign-up sends. */
export const SIGN_UP_ATTRIBUTES = { email: 'ana@example.com' }

const refused = (type: string, message: string) => () => {
  throw fromCognitoError(type, message, 400)
}

/** Cognito's errors for the account answers that are refusals, by answer. */
const REFUSALS = {
  usernameExists: refused('UsernameExistsException', 'User already exists'),
  invalidPassword: refused('InvalidPasswordException', 'Password did not conform with policy: Password not long enough'),
  signUpLimit: refused(
    'LimitExceededException',
    'Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.',
  ),
  codeMismatch: refused('CodeMismatchException', 'Invalid verification code provided, please try again.'),
  expiredCode: refused('ExpiredCodeException', 'Invalid code provided, please request a code again.'),
  alreadyConfirmed: refused('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED'),
  // SignUp's Session outlived the app client's AuthSessionValidity (3 minutes by default)
  sessionExpired: refused('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
  resendConfirmed: refused('InvalidParameterException', 'User is already confirmed.'),
  attemptLimit: refused('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
  noVerifiedChannel: refused(
    'InvalidParameterException',
    'Cannot reset password for the user as there is no registered/verified email or phone_number',
  ),
}

/** The account replies of one scripted Cognito; its sessions are numbered so that each can be told apart. */
export class AccountReplies {
  private sessions = 0

  constructor(private readonly cognito: ScriptedCognito) {}

  /** A new Session of the sign-up (SignUp's, or ConfirmSignUp's). */
  private session(kind: string): string {
    return `${kind}-session-${++this.sessions}`
  }

  /** What every public account call carries: this client, this user, SecretHash exactly when the client has a secret. */
  private checkPublic(input: Record<string, unknown>, label: string): void {
    expectEqual(input.ClientId, CLIENT, `ClientId in ${label}`)
    expectEqual(input.Username, USER.username, `Username in ${label}`)
    const secret = this.cognito.clientSecret
    expectEqual(input.SecretHash, secret ? secretHashOf(secret, USER.username, CLIENT) : undefined, `SecretHash in ${label}`)
  }

  /** SignUp with the password and the e-mail; `session` gets the Session it answers with. */
  signUp(answer: SignUpAnswer, session: (value: string) => void): Reply {
    return {
      label: 'SignUp',
      respond: (input) => {
        this.checkPublic(input, 'SignUp')
        expectEqual(input.Password, USER.password, 'Password in SignUp')
        expectEqual(
          JSON.stringify(input.UserAttributes),
          JSON.stringify([{ Name: 'email', Value: SIGN_UP_ATTRIBUTES.email }]),
          'UserAttributes',
        )
        if (answer === 'usernameExists') return REFUSALS.usernameExists()
        if (answer === 'invalidPassword') return REFUSALS.invalidPassword()
        // the user exists now, but the code could not be sent
        if (answer === 'limitExceeded') return REFUSALS.signUpLimit()
        const value = this.session('signup')
        session(value)
        const created = { UserSub: USER.userId, Session: value }
        return answer === 'confirmed'
          ? { UserConfirmed: true, ...created }
          : { UserConfirmed: false, CodeDeliveryDetails: DELIVERY, ...created }
      },
    }
  }

  /**
   * ConfirmSignUp with `code` and (when the client holds one) SignUp's Session; `session` gets the
   * Session it answers with (only where the request carried SignUp's). `sessionExpired` is answered by
   * `confirmSignUpExpired`.
   */
  confirmSignUp(
    answer: Exclude<ConfirmAnswer, 'sessionExpired'>,
    code: string,
    held: string | null,
    session: (value: string) => void,
  ): Reply {
    return {
      label: 'ConfirmSignUp',
      respond: (input) => {
        this.checkPublic(input, 'ConfirmSignUp')
        expectEqual(input.Session, held ?? undefined, 'Session in ConfirmSignUp')
        expectEqual(input.ConfirmationCode, code, 'ConfirmationCode')
        if (answer === 'codeMismatch' || answer === 'expiredCode' || answer === 'alreadyConfirmed') return REFUSALS[answer]()
        if (answer === 'noSession') return {}
        const value = this.session('confirmed')
        session(value)
        return { Session: value }
      },
    }
  }

  /**
   * ConfirmSignUp with `code` and SignUp's expired Session `held`, refused ("Invalid session for the user,
   * session is expired."); then the same code again without the Session, confirmed with a Session of
   * ConfirmSignUp's own (`session` gets it). The second request must carry no Session and the code the
   * first carried (the first's answer may have been a fault that never reached this reply: then the code
   * the path typed).
   */
  confirmSignUpExpired(code: string, held: string, session: (value: string) => void): Reply[] {
    let first: unknown
    const again = this.confirmSignUp('session', code, null, session)
    return [
      {
        label: 'ConfirmSignUp',
        respond: (input) => {
          this.checkPublic(input, 'ConfirmSignUp')
          expectEqual(input.Session, held, 'Session in ConfirmSignUp')
          expectEqual(input.ConfirmationCode, code, 'ConfirmationCode')
          first = input.ConfirmationCode
          return REFUSALS.sessionExpired()
        },
      },
      {
        label: 'ConfirmSignUp',
        respond: (input) => {
          expectEqual(input.Session, undefined, 'Session in ConfirmSignUp sent again after "session is expired"')
          expectEqual(input.ConfirmationCode, first ?? code, 'ConfirmationCode sent again after "session is expired"')
          return again.respond(input)
        },
      },
    ]
  }

  /** ResendConfirmationCode. */
  resendConfirmationCode(answer: ResendAnswer): Reply {
    return {
      label: 'ResendConfirmationCode',
      respond: (input) => {
        this.checkPublic(input, 'ResendConfirmationCode')
        if (answer === 'alreadyConfirmed') return REFUSALS.resendConfirmed()
        if (answer === 'limitExceeded') return REFUSALS.attemptLimit()
        return { CodeDeliveryDetails: DELIVERY }
      },
    }
  }

  /** ForgotPassword (the reset's first request, or its new code). */
  forgotPassword(answer: ForgotAnswer | ResendAnswer): Reply {
    return {
      label: 'ForgotPassword',
      respond: (input) => {
        this.checkPublic(input, 'ForgotPassword')
        if (answer === 'noVerifiedChannel') return REFUSALS.noVerifiedChannel()
        if (answer === 'limitExceeded') return REFUSALS.attemptLimit()
        return { CodeDeliveryDetails: DELIVERY }
      },
    }
  }

  /** ConfirmForgotPassword with `code` and the new password. */
  confirmForgotPassword(answer: ResetAnswer, code: string): Reply {
    return {
      label: 'ConfirmForgotPassword',
      respond: (input) => {
        this.checkPublic(input, 'ConfirmForgotPassword')
        expectEqual(input.ConfirmationCode, code, 'ConfirmationCode')
        expectEqual(input.Password, NEW_PASSWORD, 'Password in ConfirmForgotPassword')
        if (answer === 'codeMismatch') return REFUSALS.codeMismatch()
        if (answer === 'invalidPassword') return REFUSALS.invalidPassword()
        return {}
      },
    }
  }
}
