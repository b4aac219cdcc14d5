import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { get } from 'svelte/store'
import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, watch } from 'vue'
import * as react from '../../adapters/react/index'
import * as svelte from '../../adapters/svelte/index'
import * as vue from '../../adapters/vue/index'
import { FakeClient, type FakeView } from './fakeClient'

const step = (view: FakeView) => view.step

describe('commands in every adapter', () => {
  it.each([
    ['vue', () => vue.useAuth(new FakeClient())],
    ['svelte', () => svelte.useAuth(new FakeClient())],
  ])('%s: useAuth gives the client commands, bound, and not its lifecycle or reading methods', (_name, make) => {
    const auth = make()
    expect(Object.keys(auth).sort()).toEqual(['push', 'signIn', 'submitCode', 'view'])
    const { signIn } = auth
    signIn({ username: 'ana', password: 'pw' })
  })

  it('the commands are the same object for the same client (stable across renders)', () => {
    const client = new FakeClient()
    const a = svelte.useAuth(client)
    const b = svelte.useAuth(client)
    expect(a.signIn).toBe(b.signIn)
  })
})

describe('Svelte store', () => {
  it('emits the current view first, then every change, and stops on unsubscribe', () => {
    const client = new FakeClient()
    const { view, signIn } = svelte.useAuth(client)
    const seen: string[] = []
    const unsubscribe = view.subscribe((v) => seen.push(v.step))
    expect(seen).toEqual(['signedOut'])
    signIn({ username: 'ana', password: 'pw' })
    expect(client.calls).toEqual([['signIn', { username: 'ana', password: 'pw' }]])
    expect(seen).toEqual(['signedOut', 'working'])
    unsubscribe()
    client.push({ step: 'signedIn', username: 'ana' })
    expect(seen).toEqual(['signedOut', 'working'])
    expect(client.listeners.size).toBe(0)
    expect(get(view)).toEqual({ step: 'signedIn', username: 'ana' })
  })

  it('useAuthSelector emits only when the selection changes', () => {
    const client = new FakeClient()
    const seen: string[] = []
    svelte.useAuthSelector(client, step).subscribe((s) => seen.push(s))
    client.push({ step: 'working' })
    client.push({ step: 'working' })
    client.push({ step: 'mfaCode', medium: 'totp' })
    expect(seen).toEqual(['signedOut', 'working', 'mfaCode'])
  })
})

describe('Vue shallowRef', () => {
  it('follows the view, triggers watchers, and stops listening when the scope ends', async () => {
    const client = new FakeClient()
    const scope = effectScope()
    const seen: string[] = []
    const auth = scope.run(() => {
      const bound = vue.useAuth(client)
      watch(bound.view, (v) => seen.push(v.step))
      return bound
    })!
    expect(auth.view.value.step).toBe('signedOut')
    auth.signIn({ username: 'ana', password: 'pw' })
    expect(auth.view.value).toBe(client.view)
    await nextTick()
    expect(seen).toEqual(['working'])
    scope.stop()
    expect(client.listeners.size).toBe(0)
    client.push({ step: 'signedIn', username: 'ana' })
    expect(auth.view.value.step).toBe('working')
  })

  it('useAuthSelector keeps the old value when the custom equality says nothing changed', () => {
    const client = new FakeClient()
    const scope = effectScope()
    const selected = scope.run(() =>
      vue.useAuthSelector(
        client,
        (v) => ({ step: v.step }),
        (a, b) => a.step === b.step,
      ),
    )!
    const first = selected.value
    client.push({ step: 'signedOut', error: null })
    expect(selected.value).toBe(first)
    client.push({ step: 'working' })
    expect(selected.value).toEqual({ step: 'working' })
    scope.stop()
  })
})

describe('React hooks (server render)', () => {
  it('useAuth renders the current view and gives the commands', () => {
    const client = new FakeClient()
    client.push({ step: 'mfaCode', medium: 'totp' })
    function Probe() {
      const { view, submitCode } = react.useAuth(client)
      const selected = react.useAuthSelector(client, step)
      return createElement('p', null, `${view.step}/${selected}/${typeof submitCode}`)
    }
    expect(renderToString(createElement(Probe))).toBe('<p>mfaCode/mfaCode/function</p>')
  })
})
