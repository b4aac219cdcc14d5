// Type tests of the public surface: the view union and its narrowing, the commands (one vocabulary on
// the client and on every view, each resolving with the next view), and each UI adapter's `useAuth`.
import type { Readable } from 'svelte/store'
import { describe, expectTypeOf, it } from 'vitest'
import type { ShallowRef } from 'vue'
import * as react from '../../adapters/react/index'
import * as svelte from '../../adapters/svelte/index'
import * as vue from '../../adapters/vue/index'
import {
  AUTH_COMMANDS,
  type AuthClient,
  type AuthCommandName,
  type AuthCommands,
  type AuthError,
  type AuthStep,
  type AuthView,
  type FailedActivity,
  type FirstFactor,
  type SignedInActivity,
  type ProfileActivity,
  type ProfileView,
  type WorkingActivity,
} from '../../src/index'

declare const view: AuthView
declare const client: AuthClient

describe('the view union', () => {
  it('has exactly these steps', () => {
    expectTypeOf<AuthView['step']>().toEqualTypeOf<AuthStep>()
    expectTypeOf<AuthStep>().toEqualTypeOf<
      | 'signedOut'
      | 'working'
      | 'failed'
      | 'mfaCode'
      | 'selectMfa'
      | 'totpSetup'
      | 'newPassword'
      | 'customChallenge'
      | 'rememberDevice'
      | 'selectChallenge'
      | 'passkey'
      | 'signedIn'
      | 'signUp'
      | 'confirmSignUp'
      | 'forgotPassword'
      | 'resetPassword'
    >()
  })

  it('narrows by step to the fields of that step, with the error in place', () => {
    if (view.step === 'mfaCode') {
      expectTypeOf(view.error).toEqualTypeOf<AuthError | null>()
      expectTypeOf(view.channel).toEqualTypeOf<'SMS' | 'TOTP' | 'EMAIL'>()
      expectTypeOf(view.destination).toEqualTypeOf<string | null>()
    }
    if (view.step === 'confirmSignUp' || view.step === 'resetPassword') {
      expectTypeOf(view.delivery).toEqualTypeOf<import('../../src/index').CodeDelivery | null>()
      expectTypeOf(view.error).toEqualTypeOf<AuthError | null>()
      expectTypeOf(view.username).toEqualTypeOf<string>()
    }
    if (view.step === 'totpSetup') {
      expectTypeOf(view.secret).toEqualTypeOf<string>()
      expectTypeOf(view.error).toEqualTypeOf<AuthError | null>()
    }
    if (view.step === 'failed') {
      expectTypeOf(view.error).toEqualTypeOf<AuthError>()
      expectTypeOf(view.doing).toEqualTypeOf<FailedActivity>()
    }
    if (view.step === 'working') expectTypeOf(view.doing).toEqualTypeOf<WorkingActivity>()
    if (view.step === 'signedOut') {
      expectTypeOf(view.error).toEqualTypeOf<AuthError | null>()
      expectTypeOf(view.username).toEqualTypeOf<string | null>()
    }
    if (view.step === 'signedIn') {
      expectTypeOf(view.busy).toEqualTypeOf<SignedInActivity | ProfileActivity | null>()
      expectTypeOf(view.profile).toEqualTypeOf<ProfileView | null>()
      expectTypeOf(view.error).toEqualTypeOf<AuthError | null>()
      expectTypeOf(view.devices).toEqualTypeOf<import('../../src/index').ListedDevice[] | null>()
    }
    // a field of another step is not there without narrowing
    // @ts-expect-error `secret` exists only in totpSetup
    void view.secret
  })
})

describe('the commands', () => {
  it('are listed, every one of them, by AUTH_COMMANDS', () => {
    expectTypeOf<AuthCommandName>().toEqualTypeOf<keyof AuthCommands>()
    expectTypeOf(AUTH_COMMANDS).toEqualTypeOf<
      readonly [
        'signIn',
        'selectChallenge',
        'usePasskey',
        'submitCode',
        'selectMfa',
        'confirmTotpSetup',
        'submitNewPassword',
        'answerCustomChallenge',
        'rememberDevice',
        'signOut',
        'forgetDevice',
        'listDevices',
        'refresh',
        'retry',
        'cancel',
        'signUp',
        'confirmSignUp',
        'resendCode',
        'forgotPassword',
        'resetPassword',
        'loadProfile',
        'updateAttributes',
        'sendAttributeCode',
        'verifyAttribute',
        'changePassword',
        'setUpTotp',
        'setMfaPreference',
        'deleteUser',
        'registerPasskey',
        'listPasskeys',
        'deletePasskey',
      ]
    >()
  })

  it('are one vocabulary: the same methods on the client and on every view, each resolving with the next view', () => {
    expectTypeOf<Pick<AuthClient, AuthCommandName>>().toEqualTypeOf<Pick<AuthView, AuthCommandName>>()
    expectTypeOf(client.submitCode).returns.toEqualTypeOf<Promise<AuthView>>()
    expectTypeOf(client.listDevices).returns.toEqualTypeOf<Promise<AuthView>>()
    expectTypeOf(view.signIn).parameter(0).toEqualTypeOf<{ username: string; password?: string; preferredChallenge?: FirstFactor }>()
    expectTypeOf(client.getTokens).returns.resolves.toEqualTypeOf<import('../../src/index').AuthTokens | null>()
  })
})

describe("each adapter's useAuth", () => {
  it('React: the view and the listed commands, nothing else', () => {
    const auth = react.useAuth(client)
    expectTypeOf(auth.view).toEqualTypeOf<AuthView>()
    expectTypeOf(auth.submitCode).toEqualTypeOf<AuthClient['submitCode']>()
    expectTypeOf<keyof typeof auth>().toEqualTypeOf<AuthCommandName | 'view'>()
    // @ts-expect-error the actor is not part of the binding
    void auth.actor
    expectTypeOf(react.useAuthSelector(client, (v) => v.step)).toEqualTypeOf<AuthStep>()
  })

  it('Vue: the view as a shallowRef, and the listed commands', () => {
    const auth = vue.useAuth(client)
    expectTypeOf(auth.view).toEqualTypeOf<Readonly<ShallowRef<AuthView>>>()
    expectTypeOf<keyof typeof auth>().toEqualTypeOf<AuthCommandName | 'view'>()
    // @ts-expect-error the client's lifecycle is not part of the binding
    void auth.stop
  })

  it('Svelte: the view as a store, and the listed commands', () => {
    const auth = svelte.useAuth(client)
    expectTypeOf(auth.view).toEqualTypeOf<Readable<AuthView>>()
    expectTypeOf<keyof typeof auth>().toEqualTypeOf<AuthCommandName | 'view'>()
    expectTypeOf(auth.rememberDevice).parameter(0).toEqualTypeOf<boolean>()
  })
})
