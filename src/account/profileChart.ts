import { assign } from 'xstate'
import type { CodeDelivery } from '../AuthView'
import type { Concealed } from '../concealed'
import { toAuthError, type SerializedAuthError } from '../errors'
import { passkeyFailure } from '../webauthn/passkeyErrors'
import type { AuthDeps } from '../machine/AuthDeps'
import { lightSetup } from '../machine/lightSetup'
import { exchangeActor } from './chartParts'
import type { ProfileActivity, ProfileNotice } from '../ProfileView'
import * as calls from './profileCalls'
import type { Profile } from './profileCalls'
import * as passkeys from './profilePasskeys'
import type { PasskeyPage } from './profilePasskeys'

export type { ProfileActivity }

/**
 * How the account page ends the session: the user was deleted, or every session was signed out after a
 * password change, and this client signs in again with the new password (concealed; never in the context).
 */
type ProfileOutcome =
  | { ended: 'accountDeleted' }
  | { ended: 'passwordChanged'; signInWith: Concealed | undefined }
  | { ended: 'sessionLost'; error: SerializedAuthError }

/** What the profile chart holds: no password (the change travels in its event to the call only). */
interface ProfileContext {
  /** The signed-in user the page is for: a call for another user's stored session fails. */
  userId: string
  /** The attributes and MFA settings, once loaded. */
  profile: Profile | null
  /** The attributes waiting for a code, with where it went. */
  verifying: CodeDelivery[]
  /** The TOTP secret of an enrolment under way (shown to the user, never stored). */
  totp: string | null
  /** The last call's error. */
  error: SerializedAuthError | null
  /** What the last call did. */
  notice: ProfileNotice | null
  /** How the session ended, if it did. */
  ended: 'accountDeleted' | 'passwordChanged' | 'sessionLost' | null
  /** The page of passkeys last read, once read. */
  passkeys: PasskeyPage | null
}

/** Events of the profile chart. */
export type ProfileEvent =
  | { type: 'LOAD_PROFILE' }
  | { type: 'UPDATE_ATTRIBUTES'; attributes: unknown }
  | { type: 'SEND_ATTRIBUTE_CODE'; attribute: unknown }
  | { type: 'VERIFY_ATTRIBUTE'; attribute: unknown; code: unknown }
  | { type: 'CHANGE_PASSWORD'; current: Concealed | undefined; proposed: Concealed | undefined; signOutOthers: boolean }
  | { type: 'SET_UP_TOTP' }
  | { type: 'CONFIRM_TOTP'; code: string }
  | { type: 'SET_MFA_PREFERENCE'; preference: unknown }
  | { type: 'DELETE_USER' }
  | { type: 'REGISTER_PASSKEY' }
  | { type: 'LIST_PASSKEYS'; nextToken: unknown; pageSize: unknown }
  | { type: 'DELETE_PASSKEY'; credentialId: unknown }
  | { type: 'CANCEL' }
  /** Internal, after a password reset that asked for it: end every session, then sign in again with the new password. */
  | { type: 'SIGN_OUT_OTHERS'; password: Concealed | undefined }

/** Tags that say what each state shows (read by the profile flow's view). */
type ProfileTag = `busy:${ProfileActivity}`

/** An account-page call's input: the event's fields (checked by the call) and the signed-in user. */
type CallInput = { userId: string; [field: string]: unknown }
/** ChangePassword's output: the error of the GlobalSignOut that followed, if it failed. */
type ChangeOutput = Awaited<ReturnType<typeof calls.changePassword>>
/** The output of the call that just finished. */
const outputOf = <T>(event: unknown) => (event as { output: T }).output
/** The attribute a delivery is for. */
const forAttribute = (name: unknown) => (d: CodeDelivery) => d.attribute === name

/**
 * A call of the account page: runs in state `busy:<activity>`, applies `done` to the context when it
 * worked, and goes back to `idle` (or to `target`); `done` may also be a list of guarded transitions. A
 * failure goes back to `idle` with its error, or ends the page when the session is over.
 */
function call<S extends string>(activity: ProfileActivity, src: S, done: object = {}, target = 'idle') {
  return {
    tags: `busy:${activity}` as ProfileTag,
    invoke: {
      src,
      // a passkey call reads the list with the last list's page size, unless the event gives one
      input: ({ context, event }: { context: ProfileContext; event: ProfileEvent }): CallInput => ({
        pageSize: context.passkeys?.pageSize ?? undefined,
        ...event,
        userId: context.userId,
      }),
      onDone: (Array.isArray(done) ? done : { target, ...done }) as { target: string },
      onError: [
        // the session is over (revoked, expired, or gone from storage): the page ends with it
        { guard: 'sessionLost' as const, target: 'ended', actions: ['showError' as const, 'sessionEnded' as const] },
        { target: 'idle', actions: 'showError' as const },
      ],
    },
  }
}

const withProfile = (notice: ProfileNotice | null) => assign({ profile: ({ event }) => outputOf<Profile>(event), notice })
const withPasskeys = (notice: ProfileNotice | null) => assign({ passkeys: ({ event }) => outputOf<PasskeyPage>(event), notice })

/**
 * The account page as a chart of its own, run while the user is signed in and loaded on first use: one
 * call at a time, each from `idle`; the result (or the error) goes into the context, shown in the
 * signed-in view. The chart ends only when the session ends with it: the user was deleted, or the
 * password changed with a sign-out everywhere.
 */
export function profileChart(deps: AuthDeps) {
  const run = exchangeActor(deps)
  let signInWith: Concealed | undefined
  return lightSetup({
    types: {} as { context: ProfileContext; events: ProfileEvent; input: { userId: string }; output: ProfileOutcome; tags: ProfileTag },
    actors: {
      load: run(calls.loadProfile),
      update: run((kit, input: CallInput) => calls.updateAttributes(kit, input)),
      sendCode: run((kit, input: CallInput) => calls.sendAttributeCode(kit, input)),
      verify: run((kit, input: CallInput) => calls.verifyAttribute(kit, input)),
      changePassword: run((kit, input: CallInput) => calls.changePassword(kit, input)),
      setUpTotp: run(calls.setUpTotp),
      confirmTotp: run((kit, input: CallInput) => calls.confirmTotp(kit, input)),
      setMfa: run((kit, input: CallInput) => calls.setMfaPreference(kit, input)),
      deleteUser: run(calls.deleteUser),
      signOutEverywhere: run(calls.signOutEverywhere),
      registerPasskey: run(passkeys.registerPasskey),
      listPasskeys: run((kit, input: CallInput) => passkeys.listPasskeys(kit, input)),
      deletePasskey: run((kit, input: CallInput) => passkeys.deletePasskey(kit, input)),
    },
    actions: {
      showError: assign({ error: ({ event }) => toAuthError((event as unknown as { error: unknown }).error).toJSON() }),
      begin: assign({ error: null, notice: null }),
      sessionEnded: assign({ ended: 'sessionLost' as const }),
      // cancel() during the passkey ceremony: the call is stopped (its signal aborts the ceremony) and said as the browser's cancel
      ceremonyCancelled: assign({ error: () => passkeyFailure('PASSKEY_CANCELLED', { name: 'AbortError', message: 'cancel()' }).toJSON() }),
      // the password changed, but GlobalSignOut failed: the other sessions are still there
      partlyDone: assign({ notice: 'passwordChanged', error: ({ event }) => outputOf<ChangeOutput>(event).othersLeft }),
      keepForSignIn: ({ event }) => {
        const e = event as { proposed?: Concealed; password?: Concealed }
        signInWith = e.proposed ?? e.password
      },
    },
    guards: {
      enrolling: ({ context }) => context.totp !== null,
      pending: ({ context }) => context.totp !== null || context.verifying.length > 0,
      signOutEverywhere: ({ event }) => (event as { signOutOthers?: unknown }).signOutOthers === true,
      othersSignedOut: ({ event }) => outputOf<ChangeOutput>(event).othersLeft === null,
      sessionLost: ({ event }) => {
        const error = toAuthError((event as unknown as { error: unknown }).error)
        return error.code === 'NOT_SIGNED_IN' || (error.code === 'NOT_AUTHORIZED' && /access token/i.test(error.cause?.message ?? ''))
      },
    },
  }).createMachine({
    id: 'profile',
    context: ({ input }) => ({
      userId: input.userId,
      profile: null,
      verifying: [],
      totp: null,
      error: null,
      notice: null,
      ended: null,
      passkeys: null,
    }),
    initial: 'idle',
    output: ({ context }) =>
      context.ended === 'passwordChanged'
        ? { ended: 'passwordChanged', signInWith }
        : context.ended === 'sessionLost' && context.error
          ? { ended: 'sessionLost', error: context.error }
          : { ended: 'accountDeleted' },
    states: {
      idle: {
        on: {
          LOAD_PROFILE: { target: 'loading', actions: 'begin' },
          UPDATE_ATTRIBUTES: { target: 'updating', actions: 'begin' },
          SEND_ATTRIBUTE_CODE: { target: 'sendingCode', actions: 'begin' },
          VERIFY_ATTRIBUTE: { target: 'verifying', actions: 'begin' },
          CHANGE_PASSWORD: [
            { guard: 'signOutEverywhere', target: 'changingPasswordEverywhere', actions: ['begin', 'keepForSignIn'] },
            { target: 'changingPassword', actions: 'begin' },
          ],
          SET_UP_TOTP: { target: 'settingUpTotp', actions: 'begin' },
          CONFIRM_TOTP: { guard: 'enrolling', target: 'confirmingTotp', actions: 'begin' },
          SET_MFA_PREFERENCE: { target: 'settingMfa', actions: 'begin' },
          DELETE_USER: { target: 'deleting', actions: 'begin' },
          SIGN_OUT_OTHERS: { target: 'signingOutOthers', actions: ['begin', 'keepForSignIn'] },
          REGISTER_PASSKEY: { target: 'registeringPasskey', actions: 'begin' },
          LIST_PASSKEYS: { target: 'listingPasskeys', actions: 'begin' },
          DELETE_PASSKEY: { target: 'deletingPasskey', actions: 'begin' },
          // leaves an enrolment or a verification under way (a code sent stays valid at Cognito)
          CANCEL: { guard: 'pending', actions: assign({ totp: null, verifying: [], error: null, notice: null }) },
        },
      },
      loading: call('loadingProfile', 'load', { actions: withProfile(null) }),
      updating: call('updatingAttributes', 'update', {
        actions: assign(({ context, event }) => {
          const { profile, deliveries } = outputOf<Awaited<ReturnType<typeof calls.updateAttributes>>>(event)
          return {
            profile,
            verifying: [...context.verifying.filter((d: CodeDelivery) => !deliveries.some(forAttribute(d.attribute))), ...deliveries],
            notice: deliveries.length ? ('codeSent' as const) : ('attributesUpdated' as const),
          }
        }),
      }),
      sendingCode: call('sendingAttributeCode', 'sendCode', {
        actions: assign(({ context, event }) => {
          const delivery = outputOf<CodeDelivery>(event)
          return {
            verifying: [...context.verifying.filter((d: CodeDelivery) => !forAttribute(delivery.attribute)(d)), delivery],
            notice: 'codeSent' as const,
          }
        }),
      }),
      verifying: call('verifyingAttribute', 'verify', {
        actions: assign(({ context, event }) => {
          const { attribute, profile } = outputOf<Awaited<ReturnType<typeof calls.verifyAttribute>>>(event)
          return {
            profile,
            verifying: context.verifying.filter((d: CodeDelivery) => !forAttribute(attribute)(d)),
            notice: 'attributeVerified' as const,
          }
        }),
      }),
      changingPassword: call('changingPassword', 'changePassword', { actions: assign({ notice: 'passwordChanged' as const }) }),
      changingPasswordEverywhere: call('changingPassword', 'changePassword', [
        { guard: 'othersSignedOut', target: 'ended', actions: assign({ ended: 'passwordChanged' as const }) },
        // changed, but GlobalSignOut failed: say what worked and what did not
        { target: 'idle', actions: 'partlyDone' },
      ]),
      settingUpTotp: call('settingUpTotp', 'setUpTotp', { actions: assign({ totp: ({ event }) => outputOf<string>(event) }) }),
      confirmingTotp: call('verifyingTotp', 'confirmTotp', { actions: [withProfile('totpEnabled'), assign({ totp: null })] }),
      settingMfa: call('updatingMfa', 'setMfa', { actions: withProfile('mfaUpdated') }),
      deleting: call('deletingUser', 'deleteUser', { actions: assign({ ended: 'accountDeleted' as const }) }, 'ended'),
      signingOutOthers: call('signingOutOthers', 'signOutEverywhere', { actions: assign({ ended: 'passwordChanged' as const }) }, 'ended'),
      registeringPasskey: {
        ...call('registeringPasskey', 'registerPasskey', { actions: withPasskeys('passkeyRegistered') }),
        on: { CANCEL: { target: 'idle', actions: 'ceremonyCancelled' } },
      },
      listingPasskeys: call('listingPasskeys', 'listPasskeys', { actions: withPasskeys(null) }),
      deletingPasskey: call('deletingPasskey', 'deletePasskey', { actions: withPasskeys('passkeyDeleted') }),
      ended: { type: 'final' },
    },
  })
}
