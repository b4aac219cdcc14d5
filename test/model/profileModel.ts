// The test model of the account page (the signed-in user's own calls: GetUser, UpdateUserAttributes,
// GetUserAttributeVerificationCode, VerifyUserAttribute, ChangePassword, GlobalSignOut,
// AssociateSoftwareToken and VerifySoftwareToken with the access token, SetUserMFAPreference,
// DeleteUser) as Cognito's API reference describes them, seen from one client signed in by the shortest
// sign-in (USER_PASSWORD_AUTH, tokens, a new device remembered at once). Like accountModel.ts it is a
// plain chart with no actors, for xstate/graph; each event names what the user does and what Cognito
// answers, and profileDriver.ts plays it on the real client. A path takes one of the page's topics (the
// attributes, an e-mail and its code, the password, a TOTP enrolment, the MFA preference, deleting the
// user), with at most one detour (a wrong code, a refused form, a new code) and one of the session's own
// commands beside the page (listDevices), and ends signed in with the topic done, or signed out (by the
// user, or a first page call finding the session over: revoked at Cognito, or gone from storage). A new
// password with the other sessions signed out (GlobalSignOut, which ends this one too) signs this client in
// again with it (USER_PASSWORD_AUTH, then device SRP on the remembered device): a new session, with no page
// until a command opens one.
import { assign, setup } from 'xstate'
import type { ProfileNotice } from '../../src/ProfileView'

/** UpdateUserAttributes: a name (no code), an e-mail (a code went out, the address waits for it), or input the client refuses. */
export type UpdateAnswer = 'noCode' | 'emailCode' | 'invalidInput'
/** VerifyUserAttribute: the right code, CodeMismatchException, or an attribute the client refuses (no call). */
export type VerifyAnswer = 'verified' | 'codeMismatch' | 'invalidInput'
/**
 * ChangePassword: changed; NotAuthorizedException "Incorrect username or password." (a wrong current
 * password); InvalidPasswordException (the new one breaks the policy); or an empty new password the
 * client refuses (no call).
 */
export type PasswordAnswer = 'changed' | 'wrongCurrent' | 'invalidPassword' | 'invalidInput'
/** VerifySoftwareToken with the access token: SUCCESS, Status ERROR, or EnableSoftwareTokenMFAException. */
export type TotpAnswer = 'enabled' | 'statusError' | 'codeMismatch'
/**
 * SetUserMFAPreference: e-mail codes preferred; InvalidParameterException for TOTP preferred with no
 * software token set up; or a choice the client refuses (no call).
 */
export type MfaAnswer = 'updated' | 'invalidParameter' | 'invalidInput'
/**
 * The session over when a page call comes: Cognito answers GetUser "Access Token has been revoked"
 * (another client's GlobalSignOut), or another tab replaced the stored session with another user's (a
 * storage with no change notices), so the call is never made (NOT_SIGNED_IN).
 */
export type LostAnswer = 'revoked' | 'elsewhere'
/**
 * registerPasskey: registered (StartWebAuthnRegistration, the ceremony, CompleteWebAuthnRegistration, then the
 * first page again); the user closes the browser's dialog (PASSKEY_CANCELLED from the adapter); the authenticator
 * holds one already (PASSKEY_EXISTS); or the app's cancel() while the dialog is open (the ceremony aborted).
 */
export type PasskeyAnswer = 'registered' | 'dialogClosed' | 'exists' | 'appCancelled'

/** The error codes the page shows (view.profile.error). */
export type ProfileErrorCode =
  | 'INVALID_INPUT'
  | 'CODE_MISMATCH'
  | 'NOT_AUTHORIZED'
  | 'INVALID_PASSWORD'
  | 'ENABLE_SOFTWARE_TOKEN_MFA'
  | 'INVALID_PARAMETER'
  | 'PASSKEY_CANCELLED'
  | 'PASSKEY_EXISTS'

/** What the page's last call says it did (view.profile.notice). */
export type PageNotice = ProfileNotice

export interface ProfileContext {
  /** A page command ran: view.profile is there (null before). */
  page: boolean
  /** GetUser answered: view.profile shows the attributes and MFA settings. */
  loaded: boolean
  /** The name was changed (UpdateUserAttributes). */
  renamed: boolean
  /** The e-mail was changed, and whether it is verified (Cognito marks a changed e-mail unverified until its code). */
  emailChanged: boolean
  emailVerified: boolean
  /** The changed e-mail waits for its code (view.profile.verifying). */
  verifying: boolean
  /** A TOTP enrolment is under way (view.profile.totp: the secret). */
  enrolling: boolean
  /** The MFA method on and preferred, if any. */
  mfa: 'none' | 'totp' | 'email'
  /** The error and the notice the page shows. */
  error: ProfileErrorCode | null
  notice: PageNotice | null
  /** A wrong code, a refused form or a new code happened on this path (one detour per path). */
  detour: boolean
  /** listDevices ran beside the page (once per path); its list shows until a new sign-in. */
  listed: boolean
  /** Signed in again with the new password after GlobalSignOut (view.notice passwordChanged, new tokens). */
  again: boolean
  /** How a page call found the session over (view.error: NOT_AUTHORIZED, or NOT_SIGNED_IN), if it did. */
  lost: LostAnswer | null
  /**
   * The user's passkeys at Cognito: two at sign-in (pk-a, pk-b); a registered one is added after them, a deleted
   * pk-a is gone. Cognito's pages hold two, so with three there is a second page.
   */
  passkeyRegistered: boolean
  passkeyDeleted: boolean
  /** The page of passkeys view.profile shows (null before any was read). */
  passkeyPage: 'first' | 'next' | null
}

export type ProfileEvent =
  /**
   * How the path signs in: the shortest sign-in, or (`via: 'reset'`) a password reset with
   * signOutOthers: the reset's sign-in with the new password, then the page's GlobalSignOut and the sign-in
   * again with it.
   */
  | { type: 'GIVEN'; via?: 'reset' }
  | { type: 'LOAD_PROFILE'; answer?: LostAnswer }
  | { type: 'UPDATE_ATTRIBUTES'; answer: UpdateAnswer }
  | { type: 'SEND_ATTRIBUTE_CODE' }
  | { type: 'VERIFY_ATTRIBUTE'; answer: VerifyAnswer }
  | { type: 'CHANGE_PASSWORD'; answer: PasswordAnswer; signOutOthers?: true }
  | { type: 'SET_UP_TOTP' }
  | { type: 'CONFIRM_TOTP'; answer: TotpAnswer }
  | { type: 'SET_MFA_PREFERENCE'; answer: MfaAnswer }
  | { type: 'DELETE_USER' }
  /** Leaves the enrolment or the code under way (cancel() while signed in). */
  | { type: 'CANCEL' }
  | { type: 'REGISTER_PASSKEY'; answer: PasskeyAnswer }
  /** listPasskeys(): the first page, or the one the last page's nextToken names. */
  | { type: 'LIST_PASSKEYS'; page: 'first' | 'next' }
  /** deletePasskey(pk-a), or an id the client refuses (no call). */
  | { type: 'DELETE_PASSKEY'; answer: 'deleted' | 'invalidInput' }
  /** The session's own commands beside the page. */
  | { type: 'LIST_DEVICES' }
  | { type: 'SIGN_OUT' }

const cancel: ProfileEvent = { type: 'CANCEL' }
/** The first page call of a session finding it over. */
const lost = (answers: LostAnswer[]): ProfileEvent[] => answers.map((answer) => ({ type: 'LOAD_PROFILE', answer }))

/** The session's commands a page step offers: listDevices once per path, and signing out. */
const beside = (c: ProfileContext): ProfileEvent[] => [
  ...(c.listed ? [] : [{ type: 'LIST_DEVICES' } as ProfileEvent]),
  { type: 'SIGN_OUT' },
]

/** The events the model offers in a state: what xstate/graph explores. */
export function profileEvents(snapshot: { value: unknown; context: ProfileContext }): ProfileEvent[] {
  const c = snapshot.context
  const once = !c.detour
  switch (snapshot.value) {
    case 'start':
      return [{ type: 'GIVEN' }, { type: 'GIVEN', via: 'reset' }]
    case 'idle':
      return [
        // the page read first, or not at all (every call that changes something reads it after)
        ...(c.loaded ? [] : ([{ type: 'LOAD_PROFILE' }, ...lost(['revoked', 'elsewhere'])] as ProfileEvent[])),
        ...(['noCode', 'emailCode', 'invalidInput'] as const).map((answer) => ({ type: 'UPDATE_ATTRIBUTES', answer }) as ProfileEvent),
        ...(['changed', 'wrongCurrent', 'invalidPassword', 'invalidInput'] as const).map(
          (answer) => ({ type: 'CHANGE_PASSWORD', answer }) as ProfileEvent,
        ),
        { type: 'CHANGE_PASSWORD', answer: 'changed', signOutOthers: true },
        { type: 'CHANGE_PASSWORD', answer: 'wrongCurrent', signOutOthers: true },
        { type: 'SET_UP_TOTP' },
        ...(['updated', 'invalidParameter', 'invalidInput'] as const).map(
          (answer) => ({ type: 'SET_MFA_PREFERENCE', answer }) as ProfileEvent,
        ),
        { type: 'DELETE_USER' },
        ...(['registered', 'dialogClosed', 'exists', 'appCancelled'] as const).map(
          (answer) => ({ type: 'REGISTER_PASSKEY', answer }) as ProfileEvent,
        ),
        { type: 'LIST_PASSKEYS', page: 'first' },
        { type: 'SIGN_OUT' },
      ]
    case 'passkeyForm':
      return [{ type: 'REGISTER_PASSKEY', answer: 'registered' }, { type: 'SIGN_OUT' }]
    case 'passkeys':
      return [
        // the second page, while the first shows and there is one (three passkeys)
        ...(c.passkeyPage === 'first' && c.passkeyRegistered && !c.passkeyDeleted
          ? ([{ type: 'LIST_PASSKEYS', page: 'next' }] as ProfileEvent[])
          : []),
        ...(c.passkeyRegistered ? [] : ([{ type: 'REGISTER_PASSKEY', answer: 'registered' }] as ProfileEvent[])),
        { type: 'DELETE_PASSKEY', answer: 'deleted' },
        ...(once ? ([{ type: 'DELETE_PASSKEY', answer: 'invalidInput' }] as ProfileEvent[]) : []),
        { type: 'SIGN_OUT' },
      ]
    case 'attributesForm':
      return [{ type: 'UPDATE_ATTRIBUTES', answer: 'noCode' }, { type: 'UPDATE_ATTRIBUTES', answer: 'emailCode' }, ...beside(c)]
    case 'verifying':
      return [
        { type: 'VERIFY_ATTRIBUTE', answer: 'verified' },
        ...(once
          ? ([
              { type: 'VERIFY_ATTRIBUTE', answer: 'codeMismatch' },
              { type: 'VERIFY_ATTRIBUTE', answer: 'invalidInput' },
              { type: 'SEND_ATTRIBUTE_CODE' },
            ] as ProfileEvent[])
          : []),
        cancel,
        ...beside(c),
      ]
    case 'passwordForm':
      return [
        { type: 'CHANGE_PASSWORD', answer: 'changed' },
        { type: 'CHANGE_PASSWORD', answer: 'changed', signOutOthers: true },
        ...beside(c),
      ]
    case 'enrolling':
      return [
        { type: 'CONFIRM_TOTP', answer: 'enabled' },
        ...(once
          ? ([
              { type: 'CONFIRM_TOTP', answer: 'statusError' },
              { type: 'CONFIRM_TOTP', answer: 'codeMismatch' },
            ] as ProfileEvent[])
          : []),
        cancel,
        ...beside(c),
      ]
    case 'mfaForm':
      return [{ type: 'SET_MFA_PREFERENCE', answer: 'updated' }, ...beside(c)]
    case 'signedInAgain':
      // the new session's page, with the new access token (or that one revoked, on the paths with no detour); or signing out
      return [{ type: 'LOAD_PROFILE' }, ...(once ? lost(['revoked']) : []), { type: 'SIGN_OUT' }]
    default:
      return []
  }
}

type Answered = { answer?: string }
const is =
  (...answers: string[]) =>
  ({ event }: { event: ProfileEvent }) =>
    answers.includes(String((event as Answered).answer))

/** A page call that worked: its notice, no error. */
const done = (notice: PageNotice | null) => ({ error: null, notice, page: true })
/** A page call refused (by Cognito, or by the client before any call): the error in the page, nothing else changed. */
const refused = (error: ProfileErrorCode) => ({ error, notice: null, page: true, detour: true })
const ERRORS: Record<string, ProfileErrorCode> = {
  invalidInput: 'INVALID_INPUT',
  codeMismatch: 'CODE_MISMATCH',
  wrongCurrent: 'NOT_AUTHORIZED',
  invalidPassword: 'INVALID_PASSWORD',
  invalidParameter: 'INVALID_PARAMETER',
}
const everywhere = ({ event }: { event: ProfileEvent }) => event.type === 'CHANGE_PASSWORD' && event.signOutOthers === true

/** The session's commands in a page step: the page stays as it is beside listDevices, and stops with the session. */
const SESSION = { LIST_DEVICES: { actions: 'listed' as const }, SIGN_OUT: 'signedOut' }

/** UpdateUserAttributes: refused, a new e-mail waiting for its code, or a new name. */
const UPDATE = [
  { guard: is('invalidInput'), target: 'attributesForm', actions: 'failed' as const },
  { guard: is('emailCode'), target: 'verifying', actions: 'emailChanged' as const },
  { target: 'done', actions: 'renamed' as const },
]

/** ChangePassword (with GlobalSignOut when the others are signed out too). */
const CHANGE = [
  { guard: is('wrongCurrent', 'invalidPassword', 'invalidInput'), target: 'passwordForm', actions: 'failed' as const },
  // Cognito ends every session of the user, this one too: the client signs in again with the new password
  { guard: everywhere, target: 'signedInAgain', actions: 'signedInAgain' as const },
  { target: 'done', actions: 'passwordChanged' as const },
]

/** GetUser: the page read, or (the session over) the page and the session ended. */
const LOAD = (then: string) => [
  { guard: is('revoked', 'elsewhere'), target: 'sessionLost', actions: 'lost' as const },
  { target: then, actions: 'loaded' as const },
]

/** registerPasskey: the list read again, or the ceremony's refusal in the page (nothing registered). */
const REGISTER = [
  { guard: is('dialogClosed', 'appCancelled'), target: 'passkeyForm', actions: 'passkeyCancelled' as const },
  { guard: is('exists'), target: 'passkeyForm', actions: 'passkeyExists' as const },
  { target: 'passkeys', actions: 'passkeyRegistered' as const },
]

const SET_MFA = [
  { guard: is('invalidParameter', 'invalidInput'), target: 'mfaForm', actions: 'failed' as const },
  { target: 'done', actions: 'mfaUpdated' as const },
]

export const profileModel = setup({
  types: { context: {} as ProfileContext, events: {} as ProfileEvent },
  actions: {
    failed: assign(({ event }) => refused(ERRORS[String((event as Answered).answer)]!)),
    // a wrong code, told either way (Status ERROR, EnableSoftwareTokenMFAException): the enrolment stays, with the error
    totpRefused: assign(refused('ENABLE_SOFTWARE_TOKEN_MFA')),
    listed: assign({ listed: true }),
    lost: assign({ lost: ({ event }) => (event as Answered).answer as LostAnswer }),
    loaded: assign({ ...done(null), loaded: true }),
    renamed: assign({ ...done('attributesUpdated'), loaded: true, renamed: true }),
    emailChanged: assign({ ...done('codeSent'), loaded: true, emailChanged: true, emailVerified: false, verifying: true }),
    codeSent: assign({ ...done('codeSent'), detour: true }),
    emailVerified: assign({ ...done('attributeVerified'), loaded: true, emailVerified: true, verifying: false }),
    passwordChanged: assign(done('passwordChanged')),
    enrolling: assign({ ...done(null), enrolling: true }),
    totpEnabled: assign({ ...done('totpEnabled'), loaded: true, enrolling: false, mfa: 'totp' as const }),
    mfaUpdated: assign({ ...done('mfaUpdated'), loaded: true, mfa: 'email' as const }),
    // a new session: the old one's page gone with its code or enrolment under way, and its list of devices
    signedInAgain: assign({
      again: true,
      page: false,
      loaded: false,
      verifying: false,
      enrolling: false,
      listed: false,
      error: null,
      notice: null,
    }),
    passkeyCancelled: assign(refused('PASSKEY_CANCELLED')),
    passkeyExists: assign(refused('PASSKEY_EXISTS')),
    passkeyRegistered: assign({ ...done('passkeyRegistered'), passkeyRegistered: true, passkeyPage: 'first' as const }),
    passkeysListed: assign(({ event }) => ({ ...done(null), passkeyPage: (event as { page: 'first' | 'next' }).page })),
    passkeyDeleted: assign({ ...done('passkeyDeleted'), passkeyDeleted: true, passkeyPage: 'first' as const }),
    // cancel(): the code or the enrolment under way dropped, the page's error and notice with it
    cancelled: assign({ verifying: false, enrolling: false, error: null, notice: null }),
  },
}).createMachine({
  id: 'profileModel',
  initial: 'start',
  context: {
    page: false,
    loaded: false,
    renamed: false,
    emailChanged: false,
    emailVerified: true,
    verifying: false,
    enrolling: false,
    mfa: 'none',
    error: null,
    notice: null,
    detour: false,
    listed: false,
    again: false,
    lost: null,
    passkeyRegistered: false,
    passkeyDeleted: false,
    passkeyPage: null,
  },
  states: {
    /**
     * The shortest sign-in: USER_PASSWORD_AUTH answered with tokens, the new device remembered at once. Or a
     * password reset that signs the other sessions out: that sign-in with the new password, then GlobalSignOut
     * and the sign-in again.
     */
    start: {
      on: {
        GIVEN: [
          { guard: ({ event }) => event.via === 'reset', target: 'signedInAgain', actions: assign({ again: true }) },
          { target: 'idle' },
        ],
      },
    },
    /** Signed in, nothing of the page under way. */
    idle: {
      on: {
        LOAD_PROFILE: LOAD('idle'),
        UPDATE_ATTRIBUTES: UPDATE,
        CHANGE_PASSWORD: CHANGE,
        SET_UP_TOTP: { target: 'enrolling', actions: 'enrolling' },
        SET_MFA_PREFERENCE: SET_MFA,
        DELETE_USER: 'accountDeleted',
        REGISTER_PASSKEY: REGISTER,
        LIST_PASSKEYS: { target: 'passkeys', actions: 'passkeysListed' },
        SIGN_OUT: 'signedOut',
      },
    },
    /** The passkeys form, showing why the last registration did not happen. */
    passkeyForm: { on: { REGISTER_PASSKEY: REGISTER, SIGN_OUT: 'signedOut' } },
    /** A page of passkeys shown (view.profile.passkeys, passkeysNextToken). */
    passkeys: {
      on: {
        LIST_PASSKEYS: { target: 'passkeys', actions: 'passkeysListed' },
        REGISTER_PASSKEY: REGISTER,
        DELETE_PASSKEY: [
          { guard: is('invalidInput'), target: 'passkeys', actions: 'failed' },
          { target: 'done', actions: 'passkeyDeleted' },
        ],
        SIGN_OUT: 'signedOut',
      },
    },
    /** The attributes form, showing why the last change was refused. */
    attributesForm: { on: { UPDATE_ATTRIBUTES: UPDATE, ...SESSION } },
    /** A changed e-mail waiting for its code. */
    verifying: {
      on: {
        VERIFY_ATTRIBUTE: [
          { guard: is('codeMismatch', 'invalidInput'), target: 'verifying', actions: 'failed' },
          { target: 'done', actions: 'emailVerified' },
        ],
        // a new code to the same address: the detour of this step
        SEND_ATTRIBUTE_CODE: { target: 'verifying', actions: 'codeSent' },
        CANCEL: { target: 'done', actions: 'cancelled' },
        ...SESSION,
      },
    },
    /** The password form, showing why the last change was refused. */
    passwordForm: { on: { CHANGE_PASSWORD: CHANGE, ...SESSION } },
    /** The TOTP secret shown, waiting for the app's first code. */
    enrolling: {
      on: {
        CONFIRM_TOTP: [
          { guard: is('statusError', 'codeMismatch'), target: 'enrolling', actions: 'totpRefused' },
          { target: 'done', actions: 'totpEnabled' },
        ],
        CANCEL: { target: 'done', actions: 'cancelled' },
        ...SESSION,
      },
    },
    /** The MFA form, showing why the last choice was refused. */
    mfaForm: { on: { SET_MFA_PREFERENCE: SET_MFA, ...SESSION } },
    /** ChangePassword then GlobalSignOut (every session ended, this one too), then signed in again with the new password. */
    signedInAgain: { on: { LOAD_PROFILE: LOAD('done'), SIGN_OUT: 'signedOut' } },
    /** Signed in, the topic done (or left). */
    done: { type: 'final' },
    /** Signed out by the user: the page stops with the session. */
    signedOut: { type: 'final' },
    /** DeleteUser: the user, this pool's device record and the session are gone. */
    accountDeleted: { type: 'final' },
    /**
     * A page call found the session over: the page ends, and the session with it (signedOut with the
     * error): a revoked one is removed from storage, another user's stored session is left alone.
     */
    sessionLost: { type: 'final' },
  },
})
