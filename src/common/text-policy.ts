import { isInputObjectType, isListType, isNonNullType, type GraphQLArgument, type GraphQLInputType } from 'graphql';
import { BadUserInputError } from './errors';

/**
 * The one text policy of the API, applied to every string argument (and every
 * string inside an input object or list) before a resolver or a validator
 * sees it, so what the service acknowledges is exactly what it stores:
 *
 * - malformed Unicode (a lone surrogate) is refused: no database stores it
 *   faithfully, and some validators throw on it;
 * - control characters are refused (C0 and C1 controls, DEL, and the
 *   noncharacters U+FFFE and U+FFFF); tab and line breaks are allowed only in
 *   free-text fields (MULTILINE_FIELDS), never in names, addresses, numbers or IDs;
 * - text is normalised to Unicode NFC, so canonically equal spellings of a
 *   user ID, an e-mail or a name are stored and compared as one. Passwords are
 *   left as typed (they are hashed as given).
 *
 * A refusal is BAD_USER_INPUT with `extensions.field` naming the argument path
 * (`input.billTo.city`, `lines[2].description`).
 */
export const MULTILINE_FIELDS: ReadonlySet<string> = new Set([
  'details',
  'comment',
  'body',
  'note',
  'description',
  'reason',
  'message',
]);

const VERBATIM = /password/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

/** Checks and normalises one string; `field` is its path for the error, `name` its own field name. */
export function cleanText(value: string, field: string, name = field): string {
  if (LONE_SURROGATE.test(value)) throw new BadUserInputError(`${field} is not well-formed Unicode text`, field);
  if (CONTROL.test(value)) throw new BadUserInputError(`${field} must not contain control characters`, field);
  if (!MULTILINE_FIELDS.has(name) && LINE_BREAK.test(value))
    throw new BadUserInputError(`${field} must be a single line (no tabs or line breaks)`, field);
  return VERBATIM.test(name) ? value : value.normalize('NFC');
}

/** Applies the policy to a field's coerced arguments, in place. */
export function applyTextPolicy(args: Record<string, unknown>, definitions: readonly GraphQLArgument[]): void {
  for (const def of definitions) {
    if (args[def.name] != null) args[def.name] = walk(args[def.name], def.type, def.name, def.name);
  }
}

function walk(value: unknown, type: GraphQLInputType, path: string, name: string): unknown {
  if (value == null) return value;
  if (isNonNullType(type)) return walk(value, type.ofType, path, name);
  if (isListType(type)) {
    return Array.isArray(value)
      ? value.map((item, i) => walk(item, type.ofType, `${path}[${i}]`, name))
      : walk(value, type.ofType, path, name);
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const field = fields[key];
      if (field && object[key] != null) object[key] = walk(object[key], field.type, `${path}.${key}`, key);
    }
    return object;
  }
  return typeof value === 'string' ? cleanText(value, path, name) : value;
}
