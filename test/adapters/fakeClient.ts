/** A view of the shape the client gives: a union narrowed by `step`. */
export type FakeView =
  { step: 'signedOut'; error: null } | { step: 'working' } | { step: 'mfaCode'; medium: 'totp' } | { step: 'signedIn'; username: string }

/**
 * A stand-in client for adapter tests, written as a class so its commands live on the prototype (the
 * adapters must bind them). `push` sets the next view and notifies, as the client does on a transition.
 */
export class FakeClient {
  view: FakeView = { step: 'signedOut', error: null }
  readonly listeners = new Set<() => void>()
  readonly calls: unknown[][] = []

  getView(): FakeView {
    return this.view
  }
  subscribe(listener: (view: FakeView) => void): () => void {
    const wrapped = () => listener(this.view)
    this.listeners.add(wrapped)
    return () => this.listeners.delete(wrapped)
  }
  start(): void {}
  stop(): void {}
  push(view: FakeView): void {
    this.view = view
    for (const listener of [...this.listeners]) listener()
  }
  signIn(input: { username: string; password: string }): void {
    this.calls.push(['signIn', input])
    this.push({ step: 'working' })
  }
  submitCode(code: string): void {
    this.calls.push(['submitCode', code])
  }
}
