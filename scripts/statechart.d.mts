// Types of statechart.mjs.
import type { AnyStateMachine, AnyTransitionDefinition } from 'xstate'

/** Where the drawing's DOT source is committed (guides/statechart.dot). */
export declare const STATECHART_DOT: string
/** Where the rendered drawing is committed (guides/statechart.svg). */
export declare const STATECHART_SVG: string
/** A transition's key: `source -EVENT[index]`, as test/model/coverage.ts names it. */
export declare function transitionKey(t: AnyTransitionDefinition): string
/** The statechart of `machine` as Graphviz DOT, with every state and transition. */
export declare function statechartDot(machine: AnyStateMachine): string
/** DOT rendered to SVG by Graphviz in WebAssembly; throws on any Graphviz warning or error. */
export declare function renderSvg(dot: string): Promise<string>
