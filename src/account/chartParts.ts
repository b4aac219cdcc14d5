import { fromPromise } from 'xstate'
import { actorKit, type ActorKit, type AuthDeps } from '../machine/AuthDeps'

/** An account chart's actor: one exchange with Cognito, run with the client's deps and the actor's abort signal. */
export function exchangeActor(deps: AuthDeps) {
  return <I, O>(run: (kit: ActorKit, input: I) => Promise<O>) =>
    fromPromise<O, I>(({ input, signal }) => run(actorKit(deps, signal), input))
}
