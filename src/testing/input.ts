import { errors } from './errors'

/** A name and a value, as in Cognito's `AttributeType`. @internal */
export interface AttributeInput {
  Name: string
  Value: string
}

const memberName = (name: string) => name.charAt(0).toLowerCase() + name.slice(1)
const missing = (name: string) =>
  errors.invalidParameter(
    `1 validation error detected: Value null at '${memberName(name)}' failed to satisfy constraint: Member must not be null`,
  )
const wrongType = (name: string, expected: string) => errors.serialization(`Expected ${expected} for field ${name}`)

/**
 * Typed reads from a request body, with the errors the real service gives: a missing required
 * member is `InvalidParameterException` ("1 validation error detected…"), a member of the wrong JSON
 * type is `SerializationException`. `null` counts as absent. @internal
 */
export class Input {
  constructor(readonly body: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null
  }

  /** An optional string. */
  str(name: string, max = 2048): string | undefined {
    const value = this.body[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string') throw wrongType(name, 'a string')
    if (value.length > max) {
      throw errors.invalidParameter(
        `1 validation error detected: Value at '${memberName(name)}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
      )
    }
    return value
  }

  /** A required, non-empty string. */
  req(name: string, max = 2048): string {
    const value = this.str(name, max)
    if (value === undefined) throw missing(name)
    if (value === '') {
      throw errors.invalidParameter(
        `1 validation error detected: Value at '${memberName(name)}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      )
    }
    return value
  }

  /** A string that must be one of `allowed`. */
  oneOf<T extends string>(name: string, allowed: readonly T[], required: true): T
  oneOf<T extends string>(name: string, allowed: readonly T[], required?: false): T | undefined
  oneOf<T extends string>(name: string, allowed: readonly T[], required = false): T | undefined {
    const value = required ? this.req(name) : this.str(name)
    if (value === undefined) return undefined
    if (!(allowed as readonly string[]).includes(value)) {
      throw errors.invalidParameter(
        `1 validation error detected: Value '${value}' at '${memberName(name)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      )
    }
    return value as T
  }

  bool(name: string): boolean | undefined {
    const value = this.body[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'boolean') throw wrongType(name, 'a boolean')
    return value
  }

  int(name: string, min = -Infinity, max = Infinity): number | undefined {
    const value = this.body[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(name, 'an integer')
    if (value < min || value > max) {
      throw errors.invalidParameter(
        `1 validation error detected: Value '${value}' at '${memberName(name)}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
      )
    }
    return value
  }

  /** A nested structure, read with its own Input. */
  obj(name: string): Input | undefined {
    const value = this.body[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(name, 'an object')
    return new Input(value as Record<string, unknown>)
  }

  /** A map of strings; `null` values are dropped, as the clients that send them mean "absent". */
  map(name: string): Record<string, string> {
    const value = this.body[name]
    if (value === undefined || value === null) return {}
    if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(name, 'a map')
    const out: Record<string, string> = Object.create(null)
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null || v === undefined) continue
      if (typeof v !== 'string') throw wrongType(`${name}.${key}`, 'a string')
      out[key] = v
    }
    return out
  }

  /** A list of structures. */
  list(name: string): Input[] {
    const value = this.body[name]
    if (value === undefined || value === null) return []
    if (!Array.isArray(value)) throw wrongType(name, 'a list')
    return value.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw wrongType(`${name}[${i}]`, 'an object')
      return new Input(item as Record<string, unknown>)
    })
  }

  /** A list of strings. */
  strings(name: string): string[] | undefined {
    const value = this.body[name]
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw wrongType(name, 'a list of strings')
    return value as string[]
  }

  /** A list of `{ Name, Value }`. */
  attributes(name: string): AttributeInput[] {
    return this.list(name).map((item) => ({ Name: item.req('Name', 32), Value: item.str('Value') ?? '' }))
  }
}
