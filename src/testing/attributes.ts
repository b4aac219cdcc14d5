import { errors } from './errors'
import type { AttributeInput, Input } from './input'
import type { AttributeSchema, User, UserPool } from './store/types'

const STANDARD = [
  'sub',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
]
const BOOLEAN = new Set(['email_verified', 'phone_number_verified'])

function standard(name: string): AttributeSchema {
  const type = BOOLEAN.has(name) ? 'Boolean' : name === 'updated_at' ? 'Number' : 'String'
  const mutable = name !== 'sub'
  const required = name === 'sub'
  const raw: Record<string, unknown> = {
    Name: name,
    AttributeDataType: type,
    DeveloperOnlyAttribute: false,
    Mutable: mutable,
    Required: required,
  }
  if (type === 'String') raw.StringAttributeConstraints = { MinLength: name === 'sub' ? '1' : '0', MaxLength: '2048' }
  return { name, type, mutable, required, maxLength: 2048, raw }
}

/**
 * A pool's schema: the standard attributes, overridden or extended by CreateUserPool's `Schema`
 * (a name that is not standard becomes `custom:<name>`). @internal
 */
export function buildSchema(entries: Input[]): Map<string, AttributeSchema> {
  const schema = new Map(STANDARD.map((name) => [name, standard(name)]))
  for (const entry of entries) addSchemaAttribute(schema, entry)
  return schema
}

/** Adds one SchemaAttributeType (CreateUserPool `Schema`, AddCustomAttributes). @internal */
export function addSchemaAttribute(schema: Map<string, AttributeSchema>, entry: Input): void {
  const given = entry.req('Name', 20)
  const isStandard = STANDARD.includes(given)
  const name = isStandard ? given : given.startsWith('custom:') ? given : `custom:${given}`
  const type = entry.oneOf('AttributeDataType', ['String', 'Number', 'DateTime', 'Boolean'] as const) ?? 'String'
  const maxLength = Number(entry.obj('StringAttributeConstraints')?.str('MaxLength') ?? 2048)
  const mutable = entry.bool('Mutable') ?? true
  const required = !isStandard ? false : (entry.bool('Required') ?? false)
  const raw: Record<string, unknown> = {
    Name: name,
    AttributeDataType: type,
    DeveloperOnlyAttribute: entry.bool('DeveloperOnlyAttribute') ?? false,
    Mutable: mutable,
    Required: required,
  }
  if (type === 'String') raw.StringAttributeConstraints = entry.obj('StringAttributeConstraints')?.body ?? {}
  if (type === 'Number') raw.NumberAttributeConstraints = entry.obj('NumberAttributeConstraints')?.body ?? {}
  schema.set(name, { name, type, mutable, required, maxLength: Number.isFinite(maxLength) ? maxLength : 2048, raw })
}

/**
 * Checks and writes attributes on a user. Unknown names are `InvalidParameterException`
 * ("…: Attribute does not exist in the schema."), as are immutable ones after creation and values of
 * the wrong type or length. Returns the names whose value changed. @internal
 */
export function writeAttributes(
  pool: UserPool,
  user: User,
  attributes: AttributeInput[],
  opts: { creating: boolean; allowed?: string[] | undefined },
): string[] {
  const changed: string[] = []
  for (const { Name, Value } of attributes) {
    const schema = pool.schema.get(Name)
    if (!schema) throw errors.invalidParameter(`user.${Name}: Attribute does not exist in the schema.`)
    if (Name === 'sub') throw errors.invalidParameter('Cannot modify the non-mutable attribute sub')
    if (opts.allowed && !opts.allowed.includes(Name)) {
      throw errors.notAuthorized('A client attempted to write unauthorized attribute')
    }
    if (!opts.creating && !schema.mutable && user.attributes.has(Name)) {
      throw errors.invalidParameter(`Cannot modify the non-mutable attribute ${Name}`)
    }
    if (Value.length > schema.maxLength) throw errors.invalidParameter(`user.${Name}: String is too long.`)
    if (schema.type === 'Number' && Value !== '' && !Number.isFinite(Number(Value))) {
      throw errors.invalidParameter(`user.${Name}: Number is invalid.`)
    }
    if (schema.type === 'Boolean' && Value !== 'true' && Value !== 'false') {
      throw errors.invalidParameter(`user.${Name}: Boolean is invalid.`)
    }
    if (Name === 'email' && Value !== '' && !/^[^@\s]+@[^@\s]+$/.test(Value)) {
      throw errors.invalidParameter('Invalid email address format.')
    }
    if (Name === 'phone_number' && Value !== '' && !/^\+\d{4,15}$/.test(Value)) {
      throw errors.invalidParameter('Invalid phone number format.')
    }
    if (user.attributes.get(Name) !== Value) changed.push(Name)
    if (Value === '') user.attributes.delete(Name)
    else user.attributes.set(Name, Value)
  }
  return changed
}

/** A user's attributes as `[{ Name, Value }]`, `sub` first. @internal */
export function attributeList(user: User): { Name: string; Value: string }[] {
  const out = [{ Name: 'sub', Value: user.sub }]
  for (const [Name, Value] of user.attributes) if (Name !== 'sub') out.push({ Name, Value })
  return out
}

/** Required attributes the user lacks, as `userAttributes.<name>` (NEW_PASSWORD_REQUIRED). @internal */
export function missingRequired(pool: UserPool, user: User): string[] {
  const out: string[] = []
  for (const schema of pool.schema.values()) {
    if (schema.required && schema.name !== 'sub' && !user.attributes.has(schema.name)) out.push(`userAttributes.${schema.name}`)
  }
  return out
}
