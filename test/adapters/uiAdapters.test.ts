import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { get } from 'svelte/store'
import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, watch } from 'vue'
import * as react from '../../adapters/react/index'
import * as svelte from '../../adapters/svelte/index'
import * as vue from '../../adapters/vue/index'
import { AUTH_COMMANDS, type AuthView } from '../../src/index'
import { FakeClient, MFA_CODE, SIGNED_IN, SIGNED_OUT, WORKING } from './fakeClient'

const step = (view: AuthView) => view.step

describe('commands in every adapter', () => {
  it.each([
    ['vue', () => vue.useAuth(new FakeClient())],
    ['svelte', () => svelte.useAuth(new FakeClient())],
  ])('%s: useAuth gives exactly the listed commands, bound, and the view', (_name, make) => {
    const auth = make()
    expect(Object.keys(auth).sort()).toEqual([...AUTH_COMMANDS, 'view'].sort())
    expect(auth).not.toHaveProperty('push')
    expect(auth).not.toHaveProperty('extra')
    expect(auth).not.toHaveProperty('actor')
    const { submitCode } = auth
    void submitCode('123456')
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
    client.push(SIGNED_IN)
    expect(seen).toEqual(['signedOut', 'working'])
    expect(client.listeners.size).toBe(0)
    expect(get(view)).toMatchObject(SIGNED_IN)
  })

  it('useAuthSelector emits only when the selection changes', () => {
    const client = new FakeClient()
    const seen: string[] = []
    svelte.useAuthSelector(client, step).subscribe((s) => seen.push(s))
    client.push(WORKING)
    client.push(WORKING)
    client.push(MFA_CODE)
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
    expect(auth.view.value).toBe(client.getView())
    await nextTick()
    expect(seen).toEqual(['working'])
    scope.stop()
    expect(client.listeners.size).toBe(0)
    client.push(SIGNED_IN)
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
    client.push(SIGNED_OUT)
    expect(selected.value).toBe(first)
    client.push(WORKING)
    expect(selected.value).toEqual({ step: 'working' })
    scope.stop()
  })
})

describe('React hooks (server render)', () => {
  it('useAuth renders the current view and gives the commands', () => {
    const client = new FakeClient()
    client.push(MFA_CODE)
    function Probe() {
      const { view, submitCode } = react.useAuth(client)
      const selected = react.useAuthSelector(client, step)
      return createElement('p', null, `${view.step}/${selected}/${typeof submitCode}`)
    }
    expect(renderToString(createElement(Probe))).toBe('<p>mfaCode/mfaCode/function</p>')
  })
})
