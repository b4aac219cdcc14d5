// What the scripted Cognito answers to the account page's calls (GetUser, UpdateUserAttributes,
// GetUserAttributeVerificationCode, VerifyUserAttribute, ChangePassword, GlobalSignOut,
// AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference, DeleteUser) and to the session's
// own calls beside it (ListDevices, RevokeToken), as the API reference gives them. Cognito's side of the
// user is kept here (attributes, MFA settings, password, an associated software token), so what GetUser
// answers is what the calls before it did. Each reply checks what the client sent: the access token
// issued at sign-in (and nothing once that session ended), exactly the fields the API reference names,
// with the values the user typed.
import { fromCognitoError } from '../../src/index'
import type { MfaType } from '../../src/machine/types'
import { NEW_PASSWORD } from './fixtures'
import { CLIENT, expectEqual, RIGHT_CODE, TOTP_SECRET, USER, type Reply } from './scriptedCognito'

/** The user's attributes at sign-in. */
export const ATTRIBUTES = { sub: USER.userId, email: 'ana@example.com', email_verified: 'true', name: 'Ana' } as const
/** What the page changes them to. */
export const NEW_NAME = 'Ana B'
export const NEW_EMAIL = 'ana.b@example.net'
/** Where an e-mail's code goes: the new address, masked. */
export const PAGE_DELIVERY = { Destination: 'a***@e***.net', DeliveryMedium: 'EMAIL', AttributeName: 'email' } as const
/** A new password the pool's policy refuses (no digits): typed, so a secret too. */
export const WEAK_PASSWORD = 'weak-password-no-digits'
/** The user's passkeys at sign-in, as ListWebAuthnCredentials lists them, and the one a registration adds. */
export const PASSKEYS = {
  'pk-a': {
    FriendlyCredentialName: 'Laptop',
    AuthenticatorAttachment: 'platform',
    AuthenticatorTransports: ['internal'],
    CreatedAt: 1767225600,
  },
  'pk-b': {
    FriendlyCredentialName: 'Security key',
    AuthenticatorAttachment: 'cross-platform',
    AuthenticatorTransports: ['usb', 'nfc'],
    CreatedAt: 1767312000,
  },
  'pk-new': {
    FriendlyCredentialName: 'This browser',
    AuthenticatorAttachment: 'platform',
    AuthenticatorTransports: ['internal', 'hybrid'],
    CreatedAt: 1767603600,
  },
} as const
export type PasskeyId = keyof typeof PASSKEYS
/** Cognito's page of passkeys in the model (it decides the size: two here, so three make a second page). */
export const PASSKEY_PAGE = 2
/** The NextToken of the second page. */
export const PASSKEY_TOKEN = 'passkeys-page-2'
/** StartWebAuthnRegistration's options, and the credential the model's authenticator makes of them. */
export const CREATION_OPTIONS = {
  rp: { id: 'localhost', name: 'Model' },
  user: { id: 'dXNlcg', name: 'ana', displayName: '' },
  challenge: 'Y2hhbGxlbmdl',
}
export const REGISTRATION = {
  id: 'pk-new',
  rawId: 'pk-new',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'o2Nm' },
}

/** The FriendlyDeviceName the model clients send with VerifySoftwareToken (their deviceName). */
export const DEVICE_NAME = 'model-test'

const refused = (type: string, message: string) => () => {
  throw fromCognitoError(type, message, 400)
}

/** Cognito's errors for the page's answers that are refusals. */
const REFUSALS = {
  codeMismatch: refused('CodeMismatchException', 'Invalid verification code provided, please try again.'),
  wrongCurrent: refused('NotAuthorizedException', 'Incorrect username or password.'),
  invalidPassword: refused('InvalidPasswordException', 'Password did not conform with policy: Password must have numeric characters'),
  enableMismatch: refused('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA'),
  noSoftwareToken: refused('InvalidParameterException', 'User has not set up software token mfa'),
  revoked: refused('NotAuthorizedException', 'Access Token has been revoked'),
}

/** The MFA types in the order GetUser lists them (UserMFASettingList). */
const MFA_ORDER: MfaType[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']
const SETTING_TYPES: Record<string, MfaType> = {
  SMSMfaSettings: 'SMS_MFA',
  SoftwareTokenMfaSettings: 'SOFTWARE_TOKEN_MFA',
  EmailMfaSettings: 'EMAIL_OTP',
}

/** The fields a request carries (an undefined one is not sent: the transports drop it from the JSON). */
function fieldsOf(input: Record<string, unknown>): string {
  return Object.keys(input)
    .filter((key) => input[key] !== undefined)
    .sort()
    .join()
}

/** The page's replies and Cognito's side of the user, for one scripted Cognito. */
export class ProfileCognito {
  attributes: Record<string, string> = { ...ATTRIBUTES }
  mfa: { enabled: MfaType[]; preferred: MfaType | null } = { enabled: [], preferred: null }
  password = USER.password
  /** The secret AssociateSoftwareToken gave, and whether VerifySoftwareToken accepted a code for it. */
  associated: string | null = null
  softwareTokenVerified = false
  /** The tokens issued at sign-in (the driver sets them), and whether that session ended at Cognito. */
  tokens: { access: string; refresh: string } | null = null
  /** The user's passkeys at Cognito, in the order ListWebAuthnCredentials gives them. */
  passkeys: PasskeyId[] = ['pk-a', 'pk-b']
  ended: 'deleted' | 'signedOutEverywhere' | 'revoked' | null = null

  /** Every access-token call: this session's token, a session Cognito still holds, exactly `fields`. */
  private check(input: Record<string, unknown>, label: string, fields: string[]): void {
    if (!this.tokens) throw new Error(`${label} before sign-in`)
    expectEqual(input.AccessToken, this.tokens.access, `AccessToken in ${label} (the one issued at sign-in)`)
    if (this.ended) throw new Error(`${label} after the session ended (${this.ended})`)
    expectEqual(fieldsOf(input), ['AccessToken', ...fields].sort().join(), `the fields of ${label}`)
  }

  /**
   * GetUser: the attributes and MFA settings as the calls before left them (the MFA fields only when set,
   * as Cognito omits them); or, `revoked`, "Access Token has been revoked" (another client's GlobalSignOut
   * ended this session: nothing may come with its token after).
   */
  getUser(revoked = false): Reply {
    return {
      label: 'GetUser',
      respond: (input) => {
        this.check(input, 'GetUser', [])
        if (revoked) {
          this.ended = 'signedOutEverywhere'
          return REFUSALS.revoked()
        }
        return {
          Username: USER.userId,
          UserAttributes: Object.entries(this.attributes).map(([Name, Value]) => ({ Name, Value })),
          ...(this.mfa.enabled.length ? { UserMFASettingList: [...this.mfa.enabled] } : {}),
          ...(this.mfa.preferred ? { PreferredMfaSetting: this.mfa.preferred } : {}),
        }
      },
    }
  }

  /** UpdateUserAttributes with the one attribute expected: a name (no code), or an e-mail (unverified now, a code sent). */
  updateAttributes(change: 'name' | 'email'): Reply {
    const expected = change === 'name' ? [{ Name: 'name', Value: NEW_NAME }] : [{ Name: 'email', Value: NEW_EMAIL }]
    return {
      label: 'UpdateUserAttributes',
      respond: (input) => {
        this.check(input, 'UpdateUserAttributes', ['UserAttributes'])
        expectEqual(JSON.stringify(input.UserAttributes), JSON.stringify(expected), 'UserAttributes in UpdateUserAttributes')
        if (change === 'name') {
          this.attributes.name = NEW_NAME
          return {}
        }
        this.attributes.email = NEW_EMAIL
        this.attributes.email_verified = 'false'
        return { CodeDeliveryDetailsList: [PAGE_DELIVERY] }
      },
    }
  }

  /** GetUserAttributeVerificationCode for the e-mail: a new code to it. */
  sendAttributeCode(): Reply {
    return {
      label: 'GetUserAttributeVerificationCode',
      respond: (input) => {
        this.check(input, 'GetUserAttributeVerificationCode', ['AttributeName'])
        expectEqual(input.AttributeName, 'email', 'AttributeName in GetUserAttributeVerificationCode')
        return { CodeDeliveryDetails: PAGE_DELIVERY }
      },
    }
  }

  /** VerifyUserAttribute for the e-mail with `code`: verified with the right one, CodeMismatchException otherwise. */
  verifyAttribute(code: string): Reply {
    return {
      label: 'VerifyUserAttribute',
      respond: (input) => {
        this.check(input, 'VerifyUserAttribute', ['AttributeName', 'Code'])
        expectEqual(input.AttributeName, 'email', 'AttributeName in VerifyUserAttribute')
        expectEqual(input.Code, code, 'Code in VerifyUserAttribute')
        if (code !== RIGHT_CODE) return REFUSALS.codeMismatch()
        this.attributes.email_verified = 'true'
        return {}
      },
    }
  }

  /**
   * ChangePassword with the passwords the user typed (`previous` undefined: none sent): a wrong current
   * password is "Incorrect username or password.", a new one against the policy InvalidPasswordException.
   */
  changePassword(previous: string | undefined, proposed: string): Reply {
    return {
      label: 'ChangePassword',
      respond: (input) => {
        this.check(input, 'ChangePassword', [...(previous === undefined ? [] : ['PreviousPassword']), 'ProposedPassword'])
        // compared without printing them: a failed check must not put a password in a test's output
        if (input.PreviousPassword !== previous) throw new Error('ChangePassword: PreviousPassword is not the one typed')
        if (input.ProposedPassword !== proposed) throw new Error('ChangePassword: ProposedPassword is not the one typed')
        if (previous !== this.password) return REFUSALS.wrongCurrent()
        if (proposed !== NEW_PASSWORD) return REFUSALS.invalidPassword()
        this.password = proposed
        return {}
      },
    }
  }

  /** GlobalSignOut: every session of the user ends at Cognito, this one too. */
  globalSignOut(): Reply {
    return {
      label: 'GlobalSignOut',
      respond: (input) => {
        this.check(input, 'GlobalSignOut', [])
        this.ended = 'signedOutEverywhere'
        return {}
      },
    }
  }

  /** AssociateSoftwareToken with the access token (no Session): the secret to enrol. */
  associateSoftwareToken(): Reply {
    return {
      label: 'AssociateSoftwareToken',
      respond: (input) => {
        this.check(input, 'AssociateSoftwareToken', [])
        this.associated = TOTP_SECRET
        this.softwareTokenVerified = false
        return { SecretCode: TOTP_SECRET }
      },
    }
  }

  /**
   * VerifySoftwareToken with the access token and `code` (no Session), the client's FriendlyDeviceName:
   * SUCCESS for the right code; for a wrong one Status ERROR or EnableSoftwareTokenMFAException, as `wrong` says.
   */
  verifySoftwareToken(code: string, wrong: 'statusError' | 'codeMismatch' = 'codeMismatch'): Reply {
    return {
      label: 'VerifySoftwareToken',
      respond: (input) => {
        this.check(input, 'VerifySoftwareToken', ['UserCode', 'FriendlyDeviceName'])
        expectEqual(input.UserCode, code, 'UserCode in VerifySoftwareToken')
        expectEqual(input.FriendlyDeviceName, DEVICE_NAME, 'FriendlyDeviceName in VerifySoftwareToken')
        if (!this.associated) throw new Error('VerifySoftwareToken with no software token associated')
        if (code !== RIGHT_CODE) return wrong === 'statusError' ? { Status: 'ERROR' } : REFUSALS.enableMismatch()
        this.softwareTokenVerified = true
        return { Status: 'SUCCESS' }
      },
    }
  }

  /**
   * SetUserMFAPreference with exactly `settings`: applied as Cognito does (a preferred method is the only
   * preferred one; a method turned off is no longer preferred); TOTP turned on with no verified software
   * token is InvalidParameterException.
   */
  setMfaPreference(settings: Record<string, { Enabled: boolean; PreferredMfa: boolean }>): Reply {
    return {
      label: 'SetUserMFAPreference',
      respond: (input) => {
        this.check(input, 'SetUserMFAPreference', Object.keys(settings))
        for (const [member, setting] of Object.entries(settings))
          expectEqual(JSON.stringify(input[member]), JSON.stringify(setting), `${member} in SetUserMFAPreference`)
        if (settings.SoftwareTokenMfaSettings?.Enabled && !this.softwareTokenVerified) return REFUSALS.noSoftwareToken()
        const enabled = new Set(this.mfa.enabled)
        for (const [member, setting] of Object.entries(settings)) {
          const type = SETTING_TYPES[member]!
          if (setting.Enabled) enabled.add(type)
          else enabled.delete(type)
          if (setting.PreferredMfa) this.mfa.preferred = type
          else if (this.mfa.preferred === type) this.mfa.preferred = null
        }
        if (this.mfa.preferred && !enabled.has(this.mfa.preferred)) this.mfa.preferred = null
        this.mfa.enabled = MFA_ORDER.filter((type) => enabled.has(type))
        return {}
      },
    }
  }

  /** DeleteUser: the user is gone at Cognito, and every session with it. */
  deleteUser(): Reply {
    return {
      label: 'DeleteUser',
      respond: (input) => {
        this.check(input, 'DeleteUser', [])
        this.ended = 'deleted'
        return {}
      },
    }
  }

  /** StartWebAuthnRegistration: the creation options. */
  startWebAuthnRegistration(): Reply {
    return {
      label: 'StartWebAuthnRegistration',
      respond: (input) => {
        this.check(input, 'StartWebAuthnRegistration', [])
        return { CredentialCreationOptions: CREATION_OPTIONS }
      },
    }
  }

  /** CompleteWebAuthnRegistration with the credential the authenticator made: the passkey is the user's now. */
  completeWebAuthnRegistration(): Reply {
    return {
      label: 'CompleteWebAuthnRegistration',
      respond: (input) => {
        this.check(input, 'CompleteWebAuthnRegistration', ['Credential'])
        expectEqual(JSON.stringify(input.Credential), JSON.stringify(REGISTRATION), 'Credential in CompleteWebAuthnRegistration')
        this.passkeys.push('pk-new')
        return {}
      },
    }
  }

  /** ListWebAuthnCredentials: the first page, or (`next`) the one its NextToken names. */
  listWebAuthnCredentials(page: 'first' | 'next' = 'first'): Reply {
    return {
      label: 'ListWebAuthnCredentials',
      respond: (input) => {
        this.check(input, 'ListWebAuthnCredentials', page === 'next' ? ['NextToken'] : [])
        if (page === 'next') expectEqual(input.NextToken, PASSKEY_TOKEN, 'NextToken in ListWebAuthnCredentials')
        const from = page === 'next' ? PASSKEY_PAGE : 0
        const shown = this.passkeys.slice(from, from + PASSKEY_PAGE)
        return {
          Credentials: shown.map((id) => ({ CredentialId: id, RelyingPartyId: 'localhost', ...PASSKEYS[id] })),
          ...(this.passkeys.length > from + PASSKEY_PAGE ? { NextToken: PASSKEY_TOKEN } : {}),
        }
      },
    }
  }

  /** DeleteWebAuthnCredential of `id`. */
  deleteWebAuthnCredential(id: PasskeyId): Reply {
    return {
      label: 'DeleteWebAuthnCredential',
      respond: (input) => {
        this.check(input, 'DeleteWebAuthnCredential', ['CredentialId'])
        expectEqual(input.CredentialId, id, 'CredentialId in DeleteWebAuthnCredential')
        this.passkeys = this.passkeys.filter((p) => p !== id)
        return {}
      },
    }
  }

  /** ListDevices (the session's own call, beside the page): this device, remembered. */
  listDevices(deviceKey: string): Reply {
    return {
      label: 'ListDevices',
      respond: (input) => {
        this.check(input, 'ListDevices', ['Limit'])
        return { Devices: [{ DeviceKey: deviceKey, DeviceAttributes: [{ Name: 'dev:device_remembered_status', Value: 'remembered' }] }] }
      },
    }
  }

  /** RevokeToken (signOut): the refresh token issued at sign-in, this client. */
  revokeToken(): Reply {
    return {
      label: 'RevokeToken',
      respond: (input) => {
        if (!this.tokens || this.ended)
          throw new Error(`RevokeToken ${this.tokens ? `after the session ended (${this.ended})` : 'before sign-in'}`)
        expectEqual(input.Token, this.tokens.refresh, 'Token in RevokeToken (the refresh token issued at sign-in)')
        expectEqual(input.ClientId, CLIENT, 'ClientId in RevokeToken')
        this.ended = 'revoked'
        return {}
      },
    }
  }
}
