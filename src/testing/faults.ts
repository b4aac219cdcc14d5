/** A fault to arm with {@link Faults.inject}. */
export interface FaultSpec {
  /** The operation it applies to, e.g. `'InitiateAuth'`, or `'*'` for every operation. */
  operation: string
  /**
   * A Cognito error to answer with: its `__type` (e.g. `'TooManyRequestsException'`), or the type and
   * a message. Without `error` and `status` the request proceeds normally after any delay.
   */
  error?: string | { type: string; message?: string }
  /** The HTTP status to answer with: 400 by default for an error; a 5xx alone sends `InternalErrorException`. */
  status?: number
  /** Wait this long (real milliseconds) before answering. */
  delayMs?: number
  /** Close the connection without an answer. */
  drop?: boolean
  /** How many matching requests it applies to; 1 by default. */
  times?: number
}

/** Fault injection: make an operation fail, stall or drop its connection a given number of times. */
export interface Faults {
  /** Arms a fault. Faults are consumed in the order they were armed. */
  inject(fault: FaultSpec): void
  /** Disarms every fault. */
  clear(): void
  /** How many armed faults have uses left. */
  readonly pending: number
}

/** Faults plus the server's side. @internal */
export interface FaultTable extends Faults {
  take(operation: string): FaultSpec | undefined
}

/** An empty fault table. @internal */
export function createFaults(): FaultTable {
  let armed: { spec: FaultSpec; left: number }[] = []
  return {
    inject(spec) {
      if (!spec || typeof spec.operation !== 'string') throw new TypeError('faults.inject needs an operation')
      const times = spec.times ?? 1
      if (!Number.isInteger(times) || times < 1) throw new TypeError('faults.inject: times must be a positive integer')
      armed.push({ spec, left: times })
    },
    clear() {
      armed = []
    },
    get pending() {
      return armed.length
    },
    take(operation) {
      const hit = armed.find((f) => f.spec.operation === operation || f.spec.operation === '*')
      if (!hit) return undefined
      if (--hit.left === 0) armed = armed.filter((f) => f !== hit)
      return hit.spec
    },
  }
}
