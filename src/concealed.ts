const values = new WeakMap<Concealed, string>()

/**
 * A secret string (a password) wrapped so that it cannot leak by accident: it has no enumerable
 * fields, serialises to `"[concealed]"` and prints as `[concealed]`. Events and actor inputs carry this
 * wrapper, so a persisted snapshot, an inspection log or an error never holds the secret itself; only
 * the SRP step calls {@link reveal}.
 */
export class Concealed {
  /** @param value - the secret */
  constructor(value: string) {
    values.set(this, value)
    Object.freeze(this)
  }
  /** Always `"[concealed]"`. */
  toJSON(): string {
    return '[concealed]'
  }
  /** Always `"[concealed]"`. */
  toString(): string {
    return '[concealed]'
  }
}

/** Wraps a secret. */
export function conceal(value: string): Concealed {
  return new Concealed(value)
}

/** The secret inside, or `undefined` for anything that is not a live {@link Concealed} (e.g. one restored from JSON). */
export function reveal(value: unknown): string | undefined {
  return value instanceof Concealed ? values.get(value) : undefined
}
