// The passkey part of the account-page model's driver: the authenticator the model's client is given (a
// WebAuthnAdapter whose next ceremony the step decides), what each passkey step asks of Cognito and does on the
// client, and the page of passkeys a model context shows.
import { AuthError, type AuthClient, type AuthView, type CreationOptionsJSON, type WebAuthnAdapter } from '../../src/index'
import {
  CREATION_OPTIONS,
  PASSKEY_PAGE,
  PASSKEY_TOKEN,
  PASSKEYS,
  REGISTRATION,
  type PasskeyId,
  type ProfileCognito,
} from './profileCognito'
import type { PasskeyAnswer, ProfileContext, ProfileEvent } from './profileModel'
import { expectEqual, type Reply } from './scriptedCognito'

/** The model client's authenticator: each registration does what the step says, and reports its start and abort. */
export class ModelAuthenticator implements WebAuthnAdapter {
  /** What the next ceremony does. */
  next: PasskeyAnswer = 'registered'
  /** Whether the last ceremony was aborted through its signal. */
  aborted = false
  private started: (() => void) | null = null

  /** A promise of the next ceremony's start. */
  starting(): Promise<'started'> {
    return new Promise((resolve) => (this.started = () => resolve('started')))
  }

  create(options: CreationOptionsJSON, signal?: AbortSignal): Promise<Record<string, unknown>> {
    expectEqual(JSON.stringify(options), JSON.stringify(CREATION_OPTIONS), "the ceremony's options (StartWebAuthnRegistration's)")
    this.aborted = false
    this.started?.()
    switch (this.next) {
      case 'registered':
        return Promise.resolve(structuredClone(REGISTRATION))
      case 'dialogClosed':
        return Promise.reject(new AuthError('PASSKEY_CANCELLED', 'closed', { cause: { name: 'NotAllowedError', message: 'closed' } }))
      case 'exists':
        return Promise.reject(new AuthError('PASSKEY_EXISTS', 'exists', { cause: { name: 'InvalidStateError', message: 'exists' } }))
      case 'appCancelled':
        // the dialog stays open until the client aborts the ceremony
        return new Promise((_, reject) => {
          if (!signal) return reject(new Error('the ceremony was given no signal: cancel() could not abort it'))
          signal.addEventListener('abort', () => {
            this.aborted = true
            reject(signal.reason as Error)
          })
        })
    }
  }

  get(): Promise<Record<string, unknown>> {
    return Promise.reject(new Error('the account page signs in with no passkey'))
  }
}

/** What a passkey step asks of Cognito, and does on the client. */
export function passkeyPlan(
  event: Extract<ProfileEvent, { type: 'REGISTER_PASSKEY' | 'LIST_PASSKEYS' | 'DELETE_PASSKEY' }>,
  s: ProfileCognito,
  client: AuthClient,
  authenticator: ModelAuthenticator,
): { replies: Reply[]; act: () => Promise<AuthView> } {
  switch (event.type) {
    case 'REGISTER_PASSKEY': {
      authenticator.next = event.answer
      if (event.answer === 'registered')
        return {
          replies: [s.startWebAuthnRegistration(), s.completeWebAuthnRegistration(), s.listWebAuthnCredentials()],
          act: () => client.registerPasskey(),
        }
      if (event.answer !== 'appCancelled') return { replies: [s.startWebAuthnRegistration()], act: () => client.registerPasskey() }
      return {
        replies: [s.startWebAuthnRegistration()],
        act: async () => {
          const started = authenticator.starting()
          const registering = client.registerPasskey()
          const settled = registering.then(
            () => 'settled' as const,
            () => 'settled' as const,
          )
          // a failed StartWebAuthnRegistration (a fault) ends the command before any ceremony
          if ((await Promise.race([started, settled])) === 'settled') return registering
          const view = await client.cancel()
          if (!authenticator.aborted) throw new Error('cancel() did not abort the ceremony')
          const registered = await registering
          if (registered.step !== 'signedIn' || registered.profile?.error?.code !== 'PASSKEY_CANCELLED')
            throw new Error(`registerPasskey() settled on ${registered.step} after cancel()`)
          return view
        },
      }
    }
    case 'LIST_PASSKEYS':
      if (event.page === 'first') return { replies: [s.listWebAuthnCredentials()], act: () => client.listPasskeys() }
      return {
        replies: [s.listWebAuthnCredentials('next')],
        act: () => {
          // the token the view shows
          const view = client.getView()
          const nextToken = view.step === 'signedIn' ? (view.profile?.passkeysNextToken ?? undefined) : undefined
          return client.listPasskeys(nextToken === undefined ? {} : { nextToken })
        },
      }
    case 'DELETE_PASSKEY':
      if (event.answer === 'invalidInput') return { replies: [], act: () => client.deletePasskey('') }
      return { replies: [s.deleteWebAuthnCredential('pk-a'), s.listWebAuthnCredentials()], act: () => client.deletePasskey('pk-a') }
  }
}

/** The passkeys view.profile shows in a model context: the page last read, and the next page's token. */
export function expectedPasskeys(c: ProfileContext): { passkeys: unknown[] | null; passkeysNextToken: string | null } {
  if (!c.passkeyPage) return { passkeys: null, passkeysNextToken: null }
  const all: PasskeyId[] = [...(c.passkeyDeleted ? [] : (['pk-a'] as const)), 'pk-b', ...(c.passkeyRegistered ? (['pk-new'] as const) : [])]
  const from = c.passkeyPage === 'next' ? PASSKEY_PAGE : 0
  return {
    passkeys: all.slice(from, from + PASSKEY_PAGE).map((id) => ({
      id,
      name: PASSKEYS[id].FriendlyCredentialName,
      attachment: PASSKEYS[id].AuthenticatorAttachment,
      transports: [...PASSKEYS[id].AuthenticatorTransports],
      createdAt: PASSKEYS[id].CreatedAt * 1000,
    })),
    passkeysNextToken: all.length > from + PASSKEY_PAGE ? PASSKEY_TOKEN : null,
  }
}
