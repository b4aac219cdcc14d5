// Every simple path of the protocol model, from its start to a final state, as model steps.
import { getSimplePaths } from 'xstate/graph'
import { modelEvents, protocolModel, type ModelContext, type ModelEvent } from './protocolModel'

type Snap = { value: unknown; context: ModelContext }

/** The paths xstate/graph finds: no state (value and context) is visited twice on one path. */
export const paths = getSimplePaths(protocolModel, {
  events: (snapshot) => modelEvents(snapshot as unknown as Snap) as never,
  toState: (snapshot) => snapshot.status === 'done',
})

/** A path as steps: the event, and the model's state before and after it. */
export function stepsOf(path: (typeof paths)[number]): { event: ModelEvent; before: Snap; after: Snap }[] {
  const out: { event: ModelEvent; before: Snap; after: Snap }[] = []
  let before: Snap | undefined
  for (const step of path.steps) {
    const after = step.state as unknown as Snap
    if (before) out.push({ event: step.event as ModelEvent, before, after })
    before = after
  }
  return out
}
