// Every simple path of the protocol models, from the start to a final state, as model steps: the
// sign-in model (protocolModel.ts), the account flows' model (accountModel.ts) and the account page's
// (profileModel.ts).
import { getSimplePaths } from 'xstate/graph'
import type { AnyStateMachine } from 'xstate'
import { accountEvents, accountModel, type AccountContext, type AccountEvent } from './accountModel'
import { profileEvents, profileModel, type ProfileContext, type ProfileEvent } from './profileModel'
import { modelEvents, protocolModel, type ModelContext, type ModelEvent } from './protocolModel'

/** A path as steps: the event, and the model's state before and after it. */
export interface Step<C, E> {
  event: E
  before: { value: unknown; context: C }
  after: { value: unknown; context: C }
}

/** The paths xstate/graph finds: no state (value and context) is visited twice on one path. */
function simplePaths<C, E>(machine: AnyStateMachine, events: (snapshot: { value: unknown; context: C }) => E[]): Step<C, E>[][] {
  const found = getSimplePaths(machine, {
    events: (snapshot) => events(snapshot as unknown as { value: unknown; context: C }) as never,
    toState: (snapshot) => snapshot.status === 'done',
  })
  return found.map((path) => {
    const out: Step<C, E>[] = []
    let before: Step<C, E>['before'] | undefined
    for (const step of path.steps) {
      const after = step.state as unknown as Step<C, E>['before']
      if (before) out.push({ event: step.event as E, before, after })
      before = after
    }
    return out
  })
}

/** The sign-in model's paths. */
export const paths: Step<ModelContext, ModelEvent>[][] = simplePaths(protocolModel, modelEvents)
/** The account flows' paths. */
export const accountPaths: Step<AccountContext, AccountEvent>[][] = simplePaths(accountModel, accountEvents)
/** The account page's paths. */
export const profilePaths: Step<ProfileContext, ProfileEvent>[][] = simplePaths(profileModel, profileEvents)
