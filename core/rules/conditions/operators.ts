/** The value types condition operators compare, as the IAM condition-operator reference groups them. */
export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** One base condition operator (without `IfExists` or a set qualifier). */
export interface ConditionOperator {
  readonly name: string;
  readonly family: OperatorFamily;
  readonly description: string;
}

/** Every base condition operator IAM accepts; names are case-sensitive. */
export const CONDITION_OPERATORS: readonly ConditionOperator[] = [
  { name: 'StringEquals', family: 'String', description: 'Exact match, case-sensitive.' },
  { name: 'StringNotEquals', family: 'String', description: 'Negated exact match, case-sensitive.' },
  { name: 'StringEqualsIgnoreCase', family: 'String', description: 'Exact match, ignoring case.' },
  { name: 'StringNotEqualsIgnoreCase', family: 'String', description: 'Negated exact match, ignoring case.' },
  { name: 'StringLike', family: 'String', description: 'Case-sensitive match with * and ? wildcards.' },
  { name: 'StringNotLike', family: 'String', description: 'Negated case-sensitive match with * and ? wildcards.' },
  { name: 'NumericEquals', family: 'Numeric', description: 'Number equals.' },
  { name: 'NumericNotEquals', family: 'Numeric', description: 'Number does not equal.' },
  { name: 'NumericLessThan', family: 'Numeric', description: 'Number is less than.' },
  { name: 'NumericLessThanEquals', family: 'Numeric', description: 'Number is less than or equal to.' },
  { name: 'NumericGreaterThan', family: 'Numeric', description: 'Number is greater than.' },
  { name: 'NumericGreaterThanEquals', family: 'Numeric', description: 'Number is greater than or equal to.' },
  { name: 'DateEquals', family: 'Date', description: 'Date equals (ISO 8601 or epoch seconds).' },
  { name: 'DateNotEquals', family: 'Date', description: 'Date does not equal.' },
  { name: 'DateLessThan', family: 'Date', description: 'Date is before.' },
  { name: 'DateLessThanEquals', family: 'Date', description: 'Date is at or before.' },
  { name: 'DateGreaterThan', family: 'Date', description: 'Date is after.' },
  { name: 'DateGreaterThanEquals', family: 'Date', description: 'Date is at or after.' },
  { name: 'Bool', family: 'Bool', description: 'Boolean match: "true" or "false".' },
  { name: 'BinaryEquals', family: 'Binary', description: 'Byte-for-byte match of a base64-encoded value.' },
  { name: 'IpAddress', family: 'IpAddress', description: 'IP address is in the CIDR range.' },
  { name: 'NotIpAddress', family: 'IpAddress', description: 'IP address is not in the CIDR range.' },
  { name: 'ArnEquals', family: 'Arn', description: 'ARN match, segment by segment, with wildcards.' },
  { name: 'ArnLike', family: 'Arn', description: 'ARN match, segment by segment, with wildcards.' },
  { name: 'ArnNotEquals', family: 'Arn', description: 'Negated ARN match.' },
  { name: 'ArnNotLike', family: 'Arn', description: 'Negated ARN match.' },
  { name: 'Null', family: 'Null', description: '"true": the key is absent from the request; "false": it is present.' },
];

/** The set operators that may prefix an operator for multivalued keys. */
export const SET_QUALIFIERS = ['ForAllValues', 'ForAnyValue'] as const;
export type SetQualifier = (typeof SET_QUALIFIERS)[number];

/** An operator as written, split into its parts. */
export interface ParsedOperator {
  readonly text: string;
  readonly base: ConditionOperator;
  readonly qualifier: SetQualifier | undefined;
  readonly ifExists: boolean;
}

const BY_NAME = new Map(CONDITION_OPERATORS.map((op) => [op.name, op]));
const BY_LOWER_NAME = new Map(CONDITION_OPERATORS.map((op) => [op.name.toLowerCase(), op]));
const parsed = new Map<string, ParsedOperator | undefined>();

function split(text: string): { qualifier: string | undefined; core: string; ifExists: boolean } {
  const colon = text.indexOf(':');
  const qualifier = colon >= 0 ? text.slice(0, colon) : undefined;
  const rest = colon >= 0 ? text.slice(colon + 1) : text;
  const ifExists = rest.endsWith('IfExists') && rest.length > 'IfExists'.length;
  return { qualifier, core: ifExists ? rest.slice(0, -'IfExists'.length) : rest, ifExists };
}

/**
 * Parses `ForAnyValue:StringLikeIfExists` into its qualifier, base operator and IfExists suffix. Undefined when any
 * part is unknown or spelled with the wrong case (IAM rejects those). `NullIfExists` and `ForAllValues:Null` parse:
 * they are valid names with their own findings.
 */
export function parseOperator(text: string): ParsedOperator | undefined {
  if (parsed.has(text)) return parsed.get(text);
  const { qualifier, core, ifExists } = split(text);
  const base = BY_NAME.get(core);
  const validQualifier = qualifier === undefined || (SET_QUALIFIERS as readonly string[]).includes(qualifier);
  const result =
    base && validQualifier ? { text, base, qualifier: qualifier as SetQualifier | undefined, ifExists } : undefined;
  if (parsed.size > 1000) parsed.clear();
  parsed.set(text, result);
  return result;
}

/** The correctly cased spelling of an operator written with the wrong case, e.g. `stringequals` -> `StringEquals`. */
export function correctOperatorCase(text: string): string | undefined {
  const lower = text.toLowerCase();
  const colon = lower.indexOf(':');
  const qualifierText = colon >= 0 ? lower.slice(0, colon) : undefined;
  const qualifier = qualifierText === undefined ? '' : SET_QUALIFIERS.find((q) => q.toLowerCase() === qualifierText);
  if (qualifier === undefined) return undefined;
  let rest = colon >= 0 ? lower.slice(colon + 1) : lower;
  const ifExists = rest.endsWith('ifexists') && rest.length > 'ifexists'.length;
  if (ifExists) rest = rest.slice(0, -'ifexists'.length);
  const base = BY_LOWER_NAME.get(rest);
  if (!base) return undefined;
  const fixed = `${qualifier ? `${qualifier}:` : ''}${base.name}${ifExists ? 'IfExists' : ''}`;
  return fixed === text ? undefined : fixed;
}
