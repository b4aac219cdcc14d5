import { errors } from '../errors'
import type { Group, UserPool } from '../store/types'
import { userType } from './adminUsers'
import { seconds, type Operation } from './types'

function groupType(pool: UserPool, g: Group): Record<string, unknown> {
  return {
    GroupName: g.name,
    UserPoolId: pool.id,
    ...(g.description !== undefined ? { Description: g.description } : {}),
    ...(g.precedence !== undefined ? { Precedence: g.precedence } : {}),
    CreationDate: seconds(g.createdAt),
    LastModifiedDate: seconds(g.createdAt),
  }
}

function requireGroup(pool: UserPool, name: string): string {
  if (!pool.groups.has(name)) throw errors.resourceNotFound('Group not found.')
  return name
}

/** CreateGroup (no IAM roles). Members get the group in `cognito:groups`. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html @internal */
export const CreateGroup: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const name = input.req('GroupName', 128)
  if (pool.groups.has(name)) throw errors.make('GroupExistsException', 'A group with the name already exists.')
  const group: Group = {
    name,
    description: input.str('Description'),
    precedence: input.int('Precedence', 0),
    createdAt: state.clock.now(),
  }
  pool.groups.set(name, group)
  return { Group: groupType(pool, group) }
}

/** DeleteGroup. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteGroup.html @internal */
export const DeleteGroup: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const name = requireGroup(pool, input.req('GroupName', 128))
  pool.groups.delete(name)
  for (const user of pool.users.values()) user.groups.delete(name)
  return {}
}

/** AdminAddUserToGroup. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminAddUserToGroup.html @internal */
export const AdminAddUserToGroup: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  user.groups.add(requireGroup(pool, input.req('GroupName', 128)))
  return {}
}

/** AdminRemoveUserFromGroup. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminRemoveUserFromGroup.html @internal */
export const AdminRemoveUserFromGroup: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  user.groups.delete(requireGroup(pool, input.req('GroupName', 128)))
  return {}
}

/** AdminListGroupsForUser (one page). @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListGroupsForUser.html @internal */
export const AdminListGroupsForUser: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  const groups = [...user.groups].flatMap((name) => {
    const group = pool.groups.get(name)
    return group ? [groupType(pool, group)] : []
  })
  return { Groups: groups }
}

/** ListUsersInGroup (one page). @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsersInGroup.html @internal */
export const ListUsersInGroup: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const name = requireGroup(pool, input.req('GroupName', 128))
  return { Users: [...pool.users.values()].filter((u) => u.groups.has(name)).map(userType) }
}
