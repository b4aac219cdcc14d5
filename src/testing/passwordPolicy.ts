import { errors } from './errors'
import type { UserPool } from './store/types'

/** Throws `InvalidPasswordException` with Cognito's wording when a password breaks the pool's policy. @internal */
export function checkPassword(pool: UserPool, password: string): void {
  const p = pool.passwordPolicy
  const fail = (why: string) => errors.invalidPassword(`Password does not conform to policy: ${why}`)
  if (password.length < p.MinimumLength) throw fail('Password not long enough')
  if (p.RequireLowercase && !/[a-z]/.test(password)) throw fail('Password must have lowercase characters')
  if (p.RequireUppercase && !/[A-Z]/.test(password)) throw fail('Password must have uppercase characters')
  if (p.RequireNumbers && !/[0-9]/.test(password)) throw fail('Password must have numeric characters')
  if (p.RequireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) {
    throw fail('Password must have symbol characters')
  }
  if (password.length > 256) throw fail('Password is too long')
}
