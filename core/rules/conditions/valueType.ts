import type { Node } from 'jsonc-parser';
import type { Rule } from '../rule';
import type { OperatorFamily } from './operators';
import { conditionEntries, scalarText } from './walk';

type ValueCode = 'TYPE_MISMATCH_STRING' | 'TYPE_MISMATCH_NUMBER' | 'TYPE_MISMATCH_BOOLEAN' | 'TYPE_MISMATCH_DATE' | 'TYPE_MISMATCH_IP_RANGE' | 'INVALID_DATE_VALUE';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const EPOCH = /^\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIpRange(text: string): boolean {
  const [address = '', bits, ...rest] = text.split('/');
  if (rest.length > 0) return false;
  const v6 = address.includes(':');
  if (v6 ? !isIpv6(address) : !IPV4.test(address)) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (v6 ? 128 : 32);
}

function isIpv6(address: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(address) || (address.match(/::/g)?.length ?? 0) > 1) return false;
  const groups = address.split(':').filter((g) => g !== '');
  return groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g)) && groups.length <= 8 && (address.includes('::') || groups.length === 8);
}

/** What is wrong with one value for an operator family, if anything. */
function problem(family: OperatorFamily, node: Node, key: string): { code: ValueCode; message: string } | undefined {
  const text = scalarText(node);
  if (text === undefined || text.includes('${')) return undefined;
  switch (family) {
    case 'String':
    case 'Arn':
      return node.type === 'string'
        ? undefined
        : { code: 'TYPE_MISMATCH_STRING', message: `Write ${text} as a JSON string ("${text}"): string and ARN operators compare text.` };
    case 'Numeric':
      return NUMBER.test(text) ? undefined : { code: 'TYPE_MISMATCH_NUMBER', message: `"${text}" is not a number; numeric operators need a value like "3600".` };
    case 'Bool':
    case 'Null':
      return /^(true|false)$/i.test(text) ? undefined : { code: 'TYPE_MISMATCH_BOOLEAN', message: `"${text}" is not a Boolean; use "true" or "false".` };
    case 'IpAddress':
      return isIpRange(text) ? undefined : { code: 'TYPE_MISMATCH_IP_RANGE', message: `"${text}" is not an IP address or CIDR range such as "203.0.113.0/24".` };
    case 'Date':
      if (EPOCH.test(text)) {
        return key.toLowerCase() === 'aws:epochtime'
          ? undefined
          : { code: 'INVALID_DATE_VALUE', message: `"${text}" reads as epoch seconds; prefer an ISO 8601 date such as "2026-01-31T00:00:00Z", which says what it means.` };
      }
      return ISO_DATE.test(text) && !Number.isNaN(Date.parse(text))
        ? undefined
        : { code: 'TYPE_MISMATCH_DATE', message: `"${text}" is not a date; use ISO 8601, e.g. "2026-01-31" or "2026-01-31T12:00:00Z".` };
    default:
      return undefined;
  }
}

/**
 * TYPE_MISMATCH_STRING / _NUMBER / _BOOLEAN / _DATE / _IP_RANGE: a value the operator cannot read as its type (IAM
 * then never matches it); INVALID_DATE_VALUE: a date given as epoch seconds; DATA_TYPE_MISMATCH: a value that is an
 * object, null or a nested array where IAM expects a scalar or a list of scalars.
 */
export const conditionValueTypeRule: Rule = {
  name: 'conditionValueType',
  codes: ['TYPE_MISMATCH_STRING', 'TYPE_MISMATCH_NUMBER', 'TYPE_MISMATCH_BOOLEAN', 'TYPE_MISMATCH_DATE', 'TYPE_MISMATCH_IP_RANGE', 'INVALID_DATE_VALUE', 'DATA_TYPE_MISMATCH'],
  check({ document, report }) {
    for (const { operator, keyElement, values } of conditionEntries(document)) {
      for (const node of values) {
        if (node.type === 'object' || node.type === 'array' || node.type === 'null') {
          report('DATA_TYPE_MISMATCH', node, `A condition value must be a string, number or Boolean (or a list of them), not ${node.type === 'null' ? 'null' : `an ${node.type}`}.`);
          continue;
        }
        if (!operator) continue;
        const found = problem(operator.base.family, node, keyElement.key);
        if (found) report(found.code, node, found.message);
      }
    }
  },
};
