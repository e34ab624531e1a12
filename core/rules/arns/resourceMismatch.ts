import type { Catalog } from '../../catalog/catalog';
import { hasWildcard } from '../../catalog/wildcard';
import type { Statement } from '../../policy/document';
import { stringValues } from '../../policy/values';
import type { Rule } from '../rule';
import { isFlexible, splitArn } from './arn';
import { matchingTemplates, templatesFor } from './templates';

const expansions = new WeakMap<Catalog, Map<string, ReadonlySet<string> | null>>();

/**
 * RESOURCE_MISMATCH (Parliament's check): a Resource ARN of an Allow statement that matches none of the resource
 * types of the statement's actions, so it grants nothing (`s3:GetObject` on a bucket ARN). To stay quiet when in
 * doubt it only speaks when every action is known and every one of them names resource types (an action that only
 * takes "*" could be what the ARN is for), and only about ARNs that match some known resource type.
 */
export const resourceMismatchRule: Rule = {
  name: 'resourceMismatch',
  codes: ['RESOURCE_MISMATCH'],
  check({ document, catalog, report }) {
    for (const statement of document.statements) {
      const effect = statement.elements.Effect?.value;
      if (effect?.type !== 'string' || effect.value !== 'Allow') continue;
      const resources = stringValues(statement.elements.Resource).filter((r) => r.value.startsWith('arn:'));
      if (resources.length === 0) continue;
      const accepted = acceptedTypes(catalog, statement);
      if (!accepted) continue;
      for (const resource of resources) {
        const [, , service, , , rest] = splitArn(resource.value);
        if (!service || rest === undefined || isFlexible(service.text) || !templatesFor(catalog, service.text)) continue;
        const matched = new Set(matchingTemplates(catalog, service.text, rest.text).map((t) => t.id));
        // Only statements about one service, and only ARNs of that service: with several services, authors often
        // list resources that dependent actions need, and other services' ARNs may be aliases the catalog does not
        // relate (codeconnections for codestar-connections).
        if (accepted.services.size !== 1 || !accepted.services.has(service.text) || matched.size === 0 || [...matched].some((id) => accepted.types.has(id))) continue;
        report('RESOURCE_MISMATCH', resource.node, `No action of this statement acts on ${resource.value}: it matches ${[...matched].join(', ')}. Remove it or fix the ARN.`);
      }
    }
  },
};

/** The resource types the statement's actions accept, or undefined when the statement is out of scope. */
function acceptedTypes(catalog: Catalog, statement: Statement): { types: Set<string>; services: Set<string> } | undefined {
  const actions = stringValues(statement.elements.Action);
  if (actions.length === 0 || actions.length !== countItems(statement)) return undefined;
  const accepted = { types: new Set<string>(), services: new Set<string>() };
  for (const { value } of actions) {
    const types = typesOf(catalog, value);
    if (!types) return undefined;
    for (const t of types) accepted.types.add(t);
    accepted.services.add(value.slice(0, value.indexOf(':')).toLowerCase());
  }
  return accepted;
}

function countItems(statement: Statement): number {
  const node = statement.elements.Action?.value;
  return node?.type === 'array' ? (node.children?.length ?? 0) : 1;
}

/** The resource types an action pattern's actions accept; null when one is unknown or accepts only "*". */
function typesOf(catalog: Catalog, pattern: string): ReadonlySet<string> | null {
  let memo = expansions.get(catalog);
  if (!memo) expansions.set(catalog, (memo = new Map()));
  const key = pattern.toLowerCase();
  let types = memo.get(key);
  if (types === undefined) {
    types = computeTypes(catalog, pattern);
    if (memo.size > 20_000) memo.clear();
    memo.set(key, types);
  }
  return types;
}

function computeTypes(catalog: Catalog, pattern: string): ReadonlySet<string> | null {
  const colon = pattern.indexOf(':');
  if (colon < 0 || hasWildcard(pattern.slice(0, colon))) return null;
  const actions = catalog.expand(pattern);
  if (actions.length === 0) return null;
  const types = new Set<string>();
  for (const action of actions) {
    if (action.resourceTypes.length === 0) return null;
    for (const { name } of action.resourceTypes) {
      if (!catalog.resourceType(action.service, name)) return null;
      types.add(`${action.service}:${name}`.toLowerCase());
    }
  }
  return types;
}
