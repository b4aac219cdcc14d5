import type { FormEvent } from 'react'

/** A submitted form's fields, without the page navigating. */
export const submitted = (event: FormEvent<HTMLFormElement>): FormData => {
  event.preventDefault()
  return new FormData(event.currentTarget)
}
