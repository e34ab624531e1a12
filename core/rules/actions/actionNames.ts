import { hasWildcard } from '../../catalog/wildcard';
import type { Catalog } from '../../catalog/catalog';
import { setValue } from '../../fixes/edit';
import type { FindingData, Rule } from '../rule';
import { wildcardMatchesAny } from './matchesAny';
import { actionStrings, parseAction } from './statementActions';
import { closest } from './suggest';

// Service prefixes are lower-case words with hyphens; IAM compares actions case-insensitively, so `S3:` is fine.
const PREFIX = /^[a-z0-9-]+$/;

/** What is wrong with one action string; null when nothing is. */
type Verdict = { code: string; message: string; data?: FindingData } | null;

const verdicts = new WeakMap<Catalog, Map<string, Verdict>>();

/**
 * INVALID_SERVICE, INVALID_SERVICE_IN_ACTION, INVALID_ACTION, WILDCARD_IN_SERVICE_NAME and WILDCARD_MATCHES_NO_ACTION:
 * every Action and NotAction string must name actions that exist. Unknown names are warnings, because AWS ships
 * actions before the catalog knows them. Verdicts are remembered per string: big policies repeat patterns, and
 * the editor re-validates on every keystroke.
 */
export const actionNamesRule: Rule = {
  name: 'actionNames',
  codes: ['INVALID_SERVICE', 'INVALID_SERVICE_IN_ACTION', 'INVALID_ACTION', 'WILDCARD_IN_SERVICE_NAME', 'WILDCARD_MATCHES_NO_ACTION'],
  check({ document, catalog, report }) {
    let memo = verdicts.get(catalog);
    if (!memo) verdicts.set(catalog, (memo = new Map()));
    for (const statement of document.statements) {
      for (const { value, node } of actionStrings(statement)) {
        let verdict = memo.get(value);
        if (verdict === undefined) {
          verdict = judge(catalog, value);
          if (memo.size > 50_000) memo.clear();
          memo.set(value, verdict);
        }
        if (verdict) report(verdict.code, node, verdict.message, verdict.data);
      }
    }
  },
  fixes({ document, code, path, data }) {
    const suggestion = data?.suggestion;
    if ((code !== 'INVALID_ACTION' && code !== 'INVALID_SERVICE_IN_ACTION') || typeof suggestion !== 'string') return [];
    return [{ title: `Change to ${suggestion}`, edits: setValue(document.text, path, suggestion), preferred: true }];
  },
};

function judge(catalog: Catalog, value: string): Verdict {
  if (value === '*') return null;
  const { service, name } = parseAction(value);
  if (service === undefined) {
    return { code: 'INVALID_SERVICE', message: `"${value}" is not an action: write it as service:ActionName, e.g. s3:GetObject.` };
  }
  if (hasWildcard(service)) {
    return { code: 'WILDCARD_IN_SERVICE_NAME', message: `Wildcards in the service prefix "${service}" match actions of unrelated services: name the service.` };
  }
  const prefix = service.toLowerCase();
  if (!PREFIX.test(prefix)) {
    return { code: 'INVALID_SERVICE', message: `"${service}" is not a service prefix: prefixes are lower-case letters, digits and hyphens.` };
  }
  if (!catalog.service(prefix)) return unknownService(catalog, prefix, name);
  if (name.trim() === '' || /\s/.test(name)) {
    const data = suggestionFor(catalog, prefix, name);
    return { code: 'INVALID_ACTION', message: `"${value}" has no valid action name after "${service}:"; action names have no spaces.`, ...(data && { data }) };
  }
  if (hasWildcard(name)) {
    return wildcardMatchesAny(catalog, value) ? null : { code: 'WILDCARD_MATCHES_NO_ACTION', message: `"${value}" matches no action of ${prefix}: check the spelling.` };
  }
  if (catalog.action(prefix, name)) return null;
  const data = suggestionFor(catalog, prefix, name);
  const hint = data ? ` Did you mean ${data.suggestion as string}?` : '';
  return { code: 'INVALID_ACTION', message: `The action ${value} is not in the catalog (${catalog.source}).${hint}`, ...(data && { data }) };
}

function unknownService(catalog: Catalog, prefix: string, name: string): Verdict {
  const service = closest(prefix, catalog.servicePrefixes());
  const exists = service !== undefined && (hasWildcard(name) ? wildcardMatchesAny(catalog, `${service}:${name}`) : catalog.action(service, name) !== undefined);
  const hint = service ? ` Did you mean ${service}?` : '';
  const message = `The service ${prefix} specified in the action is not in the catalog.${hint}`;
  return exists ? { code: 'INVALID_SERVICE_IN_ACTION', message, data: { suggestion: `${service}:${name}` } } : { code: 'INVALID_SERVICE_IN_ACTION', message };
}

function suggestionFor(catalog: Catalog, prefix: string, name: string): FindingData | undefined {
  const match = closest(name.replace(/\s+/g, ''), catalog.actionsOf(prefix).map((a) => a.name));
  return match ? { suggestion: `${prefix}:${match}` } : undefined;
}
