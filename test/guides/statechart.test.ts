// The statechart in the guides is drawn from the machine's own definition (scripts/statechart.mjs): these
// tests fail when the committed drawing no longer matches the machine, or leaves out a state or transition.
import { readFile } from 'node:fs/promises'
import { createMachine, type AnyStateMachine } from 'xstate'
import { describe, expect, it } from 'vitest'
import { authMachine } from '../../src/machine/authMachine'
import { renderSvg, STATECHART_DOT, STATECHART_SVG, statechartDot } from '../../scripts/statechart.mjs'
import { definitionOf } from '../model/coverage'

const REGENERATE = 'guides/statechart.dot is out of date: run `node scripts/statechart.mjs` (npm run docs does) and commit the result'

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Text of an SVG attribute, its character references decoded (Graphviz writes `-` as `&#45;`). */
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, ref: string) =>
    ref.startsWith('#x') || ref.startsWith('#X')
      ? String.fromCodePoint(parseInt(ref.slice(2), 16))
      : ref.startsWith('#')
        ? String.fromCodePoint(Number(ref.slice(1)))
        : (ENTITIES[ref] ?? all),
  )

/** The `id` attributes of an SVG's elements. */
const svgIds = (svg: string) => new Set([...svg.matchAll(/\sid="([^"]*)"/g)].map((m) => decode(m[1]!)))

/** A copy of the machine with one more transition: signedOut --DUMMY--> restoring. */
function withDummyTransition(machine: AnyStateMachine): AnyStateMachine {
  const config = machine.config as { states: Record<string, { on?: Record<string, unknown> }> }
  const signedOut = config.states.signedOut!
  return createMachine({
    ...(machine.config as object),
    states: { ...config.states, signedOut: { ...signedOut, on: { ...signedOut.on, DUMMY: 'restoring' } } },
  } as Parameters<typeof createMachine>[0])
}

describe('the statechart drawing (guides/statechart.dot, .svg)', () => {
  it('is what the machine gives now: the committed DOT equals the generated one', async () => {
    const committed = await readFile(STATECHART_DOT, 'utf8')
    expect(statechartDot(authMachine), REGENERATE).toBe(committed)
  })

  it('the committed SVG is the committed DOT rendered', async () => {
    const [dot, svg] = await Promise.all([readFile(STATECHART_DOT, 'utf8'), readFile(STATECHART_SVG, 'utf8')])
    expect(await renderSvg(dot), 'guides/statechart.svg is out of date: run `node scripts/statechart.mjs`').toBe(svg)
  })

  it('has every state and every transition of the machine, and nothing else', async () => {
    const definition = definitionOf(authMachine)
    expect(definition.states.size).toBeGreaterThan(30)
    expect(definition.transitions.size).toBeGreaterThan(90)
    const ids = svgIds(await readFile(STATECHART_SVG, 'utf8'))
    expect(
      [...definition.states].filter((state) => !ids.has(state)),
      'states missing from the drawing',
    ).toEqual([])
    expect(
      [...definition.transitions].filter((t) => !ids.has(t)),
      'transitions missing from the drawing',
    ).toEqual([])
    // edges are the transitions plus one initial arrow per compound state (the root's included)
    const edges = [...ids].filter((id) => / -/.test(id))
    const initials = edges.filter((id) => id.endsWith(' -initial'))
    expect(edges.filter((id) => !id.endsWith(' -initial')).sort()).toEqual([...definition.transitions].sort())
    expect(initials.length).toBe([...definition.states].filter((s) => ids.has(`${s}#initial`)).length)
  })

  it('labels each transition with its event and guard, each state with its tags and actor', async () => {
    const dot = await readFile(STATECHART_DOT, 'utf8')
    expect(dot).toContain('[id="auth.signedOut -SIGN_IN[0]", label="SIGN_IN\\n[invalidAnswer]", style=dashed]')
    expect(dot).toContain('label="always\\n[stepFor(mfaCode)]"')
    expect(dot).toContain('label="error respond\\n[errorIs(SESSION_EXPIRED, STALE_DEVICE)]"')
    expect(dot).toContain('label="after nextCheck"')
    expect(dot).toContain('label="passwordAuth\\ndoing:signingIn\\ninvoke startAuth"')
  })

  it('a changed machine gives a different drawing (a dummy transition is drawn and no longer matches)', async () => {
    const committed = await readFile(STATECHART_DOT, 'utf8')
    const mutated = statechartDot(withDummyTransition(authMachine))
    expect(mutated).not.toBe(committed)
    expect(mutated).toContain('"auth.signedOut" -> "auth.restoring" [id="auth.signedOut -DUMMY[0]", label="DUMMY"]')
  })
})
