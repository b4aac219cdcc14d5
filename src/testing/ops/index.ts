import { AdminInitiateAuth, InitiateAuth } from '../auth/initiateAuth'
import { GetTokensFromRefreshToken } from '../auth/refresh'
import { AdminRespondToAuthChallenge, RespondToAuthChallenge } from '../auth/respondToAuthChallenge'
import * as adminUsers from './adminUsers'
import * as authEvents from './authEvents'
import * as clients from './clients'
import * as devices from './devices'
import * as groups from './groups'
import * as signUp from './signUp'
import * as softwareToken from './softwareToken'
import type { Operation } from './types'
import * as userPools from './userPools'
import * as userSelf from './userSelf'
import * as webAuthn from './webAuthn'

/** Every operation the server implements, by the name in `X-Amz-Target`. @internal */
export const operations: Record<string, Operation> = Object.assign(Object.create(null) as Record<string, Operation>, {
  ...userPools,
  ...clients,
  ...adminUsers,
  ...devices,
  ...groups,
  ...softwareToken,
  ...signUp,
  ...userSelf,
  ...authEvents,
  ...webAuthn,
  InitiateAuth,
  AdminInitiateAuth,
  RespondToAuthChallenge,
  AdminRespondToAuthChallenge,
  GetTokensFromRefreshToken,
})
// Helpers the modules also export (describePool, deviceType…) are not operations: only PascalCase names are.
for (const [name, value] of Object.entries(operations)) if (typeof value !== 'function' || !/^[A-Z]/.test(name)) delete operations[name]
