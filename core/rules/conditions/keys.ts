import type { Catalog } from '../../catalog/catalog';
import type { Rule } from '../rule';
import { conditionEntries, renameKeyEdit } from './walk';

/**
 * Global keys IAM no longer honours, with the key to use instead. Access Analyzer's reference names `aws:ARN` and
 * points to `aws:PrincipalArn` (the caller) or `aws:SourceArn` (the resource acting for a service).
 */
const DEPRECATED_GLOBAL_KEYS: ReadonlyMap<string, string> = new Map([['aws:arn', 'aws:PrincipalArn']]);

type Verdict =
  | { code: 'INVALID_CONDITION_KEY_FORMAT' | 'INVALID_GLOBAL_CONDITION_KEY' | 'INVALID_SERVICE_CONDITION_KEY'; message: string }
  | { code: 'DEPRECATED_GLOBAL_CONDITION_KEY'; message: string; replacement: string }
  | undefined;

const verdicts = new WeakMap<Catalog, Map<string, Verdict>>();

/** Condition keys of web identity and SAML providers (`accounts.google.com:aud`, `saml:sub`) are not in the catalog. */
function isFederationKey(prefix: string): boolean {
  return prefix.includes('.') || prefix.includes('/') || prefix.toLowerCase() === 'saml';
}

function judge(catalog: Catalog, key: string): Verdict {
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1 || /\s/.test(key) || key.endsWith('/')) {
    return {
      code: 'INVALID_CONDITION_KEY_FORMAT',
      message: `"${key}" is not a condition key: write "prefix:name", e.g. "aws:SourceIp" or "s3:prefix"${key.endsWith('/') ? ', and name the tag after the slash' : ''}.`,
    };
  }
  const prefix = key.slice(0, colon);
  if (prefix.toLowerCase() === 'aws') {
    if (catalog.globalConditionKey(key)) return undefined;
    const replacement = DEPRECATED_GLOBAL_KEYS.get(key.toLowerCase());
    if (replacement) {
      return { code: 'DEPRECATED_GLOBAL_CONDITION_KEY', message: `"${key}" is no longer supported; use "${replacement}" (or aws:SourceArn for a service acting on a resource).`, replacement };
    }
    return { code: 'INVALID_GLOBAL_CONDITION_KEY', message: `"${key}" is not a global condition key. Check the spelling against the list of aws: keys.` };
  }
  if (isFederationKey(prefix)) return undefined;
  if (!catalog.service(prefix)) {
    return { code: 'INVALID_SERVICE_CONDITION_KEY', message: `"${prefix}" is not a known service prefix, so "${key}" is not a condition key.` };
  }
  if (catalog.serviceConditionKey(key) || catalog.globalConditionKey(key)) return undefined;
  return { code: 'INVALID_SERVICE_CONDITION_KEY', message: `"${key}" is not a condition key of ${catalog.service(prefix)?.name ?? prefix}.` };
}

function verdictFor(catalog: Catalog, key: string): Verdict {
  let byKey = verdicts.get(catalog);
  if (!byKey) verdicts.set(catalog, (byKey = new Map()));
  if (byKey.has(key)) return byKey.get(key);
  const verdict = judge(catalog, key);
  byKey.set(key, verdict);
  return verdict;
}

/** INVALID_GLOBAL_CONDITION_KEY, INVALID_SERVICE_CONDITION_KEY, INVALID_CONDITION_KEY_FORMAT, DEPRECATED_GLOBAL_CONDITION_KEY. */
export const conditionKeyRule: Rule = {
  name: 'conditionKey',
  codes: ['INVALID_CONDITION_KEY_FORMAT', 'INVALID_GLOBAL_CONDITION_KEY', 'INVALID_SERVICE_CONDITION_KEY', 'DEPRECATED_GLOBAL_CONDITION_KEY'],
  check({ document, catalog, report }) {
    for (const entry of conditionEntries(document)) {
      const verdict = verdictFor(catalog, entry.keyElement.key);
      if (!verdict) continue;
      const data = verdict.code === 'DEPRECATED_GLOBAL_CONDITION_KEY' ? { replacement: verdict.replacement } : undefined;
      report(verdict.code, entry.keyElement.keyNode, verdict.message, data);
    }
  },
  fixes({ document, code, path, data }) {
    const replacement = data?.replacement;
    if (code !== 'DEPRECATED_GLOBAL_CONDITION_KEY' || typeof replacement !== 'string') return [];
    const edits = renameKeyEdit(document, path, replacement);
    return edits.length ? [{ title: `Use "${replacement}"`, edits }] : [];
  },
};
