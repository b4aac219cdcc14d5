import type { AuthError } from 'cognito-auth-machine'

/** Why the last answer of a step failed, shown in the step's own form. */
export function ErrorMessage({ error }: { error: AuthError | null }) {
  if (!error) return null
  return (
    <p className="error" data-testid="error" role="alert">
      {error.message}
    </p>
  )
}
