// Coverage of the real machine: every state node and every transition its definition has, against the
// ones the model runs actually took (seen through the actor system's inspection events).
import type { AnyActorRef, AnyStateMachine, AnyStateNode, AnyTransitionDefinition, InspectionEvent } from 'xstate'

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states as Record<string, AnyStateNode>).flatMap(allNodes)]
}

/** A transition's name: source, event (or `always`), and its position among that event's candidates. */
function transitionKey(t: AnyTransitionDefinition): string {
  const source = t.source
  const list: AnyTransitionDefinition[] = t.eventType === '' ? (source.always ?? []) : (source.transitions.get(t.eventType) ?? [])
  return `${source.id} -${t.eventType || 'always'}[${list.indexOf(t)}]`
}

/** Every state and transition the machine defines. */
export function definitionOf(machine: AnyStateMachine): { states: Set<string>; transitions: Set<string> } {
  const nodes = allNodes(machine.root)
  const transitions = new Set<string>()
  for (const node of nodes) {
    for (const list of node.transitions.values()) for (const t of list) transitions.add(transitionKey(t))
    for (const t of node.always ?? []) transitions.add(transitionKey(t))
  }
  return { states: new Set(nodes.map((n) => n.id)), transitions }
}

/** Records what an actor's machine does: the state nodes it enters and the transitions it takes. */
export class CoverageRecorder {
  readonly states = new Set<string>()
  readonly transitions = new Set<string>()

  /** Starts recording one actor (call before the actor starts; its initial state was computed already). */
  watch(actor: AnyActorRef): void {
    actor.system.inspect((event) => {
      if (event.actorRef === actor) this.record(event)
    })
  }

  /**
   * An inspector to give `createActor` (its `inspect` option): it sees the actor from its first state
   * on, an eventless initial state included. It records every machine of that actor's system.
   */
  inspector(): (event: InspectionEvent) => void {
    return (event) => this.record(event)
  }

  private record(event: InspectionEvent): void {
    const snapshot = (event as { snapshot?: { _nodes?: AnyStateNode[] } }).snapshot
    for (const node of snapshot?._nodes ?? []) this.states.add(node.id)
    if (event.type === '@xstate.microstep') {
      for (const t of (event as unknown as { _transitions: AnyTransitionDefinition[] })._transitions) {
        this.transitions.add(transitionKey(t))
        // a transition taken from a state shows it was entered, even an eventless one no snapshot shows
        this.states.add(t.source.id)
      }
    }
  }

  /** `states X/Y, transitions A/B` against a definition, with what is missing. */
  report(definition: { states: Set<string>; transitions: Set<string> }) {
    const missingStates = [...definition.states].filter((s) => !this.states.has(s))
    const missingTransitions = [...definition.transitions].filter((t) => !this.transitions.has(t))
    return {
      states: definition.states.size - missingStates.length,
      totalStates: definition.states.size,
      transitions: definition.transitions.size - missingTransitions.length,
      totalTransitions: definition.transitions.size,
      missingStates,
      missingTransitions,
    }
  }
}
