import type { Catalog } from '../../catalog/catalog';
import type { OperatorFamily } from './operators';

/** A condition key's type as the catalog gives it, split into its scalar type and whether it is multivalued. */
export interface KeyType {
  readonly scalar: string;
  readonly multivalued: boolean;
}

const types = new WeakMap<Catalog, Map<string, KeyType | undefined>>();

/** The type of a condition key (global or service), or undefined when the catalog does not know the key. */
export function keyTypeOf(catalog: Catalog, key: string): KeyType | undefined {
  let byKey = types.get(catalog);
  if (!byKey) types.set(catalog, (byKey = new Map()));
  const lower = key.toLowerCase();
  if (byKey.has(lower)) return byKey.get(lower);
  const info = catalog.globalConditionKey(key) ?? (lower.startsWith('aws:') ? undefined : catalog.serviceConditionKey(key));
  const type = info ? { scalar: info.type.replace(/^ArrayOf/, ''), multivalued: info.type.startsWith('ArrayOf') } : undefined;
  byKey.set(lower, type);
  return type;
}

/** The operator families that can compare a key of each catalog type: ARN keys take string operators, and string keys
 * that hold ARNs (kms:EncryptionContext:aws:s3:arn) take ARN operators. */
const COMPATIBLE: Readonly<Record<string, readonly OperatorFamily[]>> = {
  String: ['String', 'Arn', 'Binary'],
  ARN: ['String', 'Arn'],
  Numeric: ['Numeric'],
  Date: ['Date'],
  Bool: ['Bool'],
  IPAddress: ['IpAddress'],
  Binary: ['Binary'],
};

/** aws:EpochTime holds seconds since 1970 and AWS documents it for both date and numeric operators. */
const NUMERIC_DATE_KEYS = new Set(['aws:epochtime']);

/** True when an operator family can compare a key of this type; Null works with every key, unknown types pass. */
export function familyFits(family: OperatorFamily, type: KeyType, key: string): boolean {
  if (family === 'Null') return true;
  const allowed = COMPATIBLE[type.scalar];
  if (!allowed) return true;
  if (family === 'Numeric' && NUMERIC_DATE_KEYS.has(key.toLowerCase())) return true;
  return allowed.includes(family);
}

/** The operators to suggest for a key type, for messages. */
export function operatorsFor(type: KeyType): string {
  switch (type.scalar) {
    case 'ARN':
      return 'ArnEquals/ArnLike (or a String operator)';
    case 'Numeric':
      return 'a Numeric operator such as NumericLessThan';
    case 'Date':
      return 'a Date operator such as DateGreaterThan';
    case 'Bool':
      return 'Bool';
    case 'IPAddress':
      return 'IpAddress or NotIpAddress';
    default:
      return 'a String operator such as StringEquals or StringLike';
  }
}
