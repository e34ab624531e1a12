import type { Catalog, CatalogAction } from '../catalog/catalog';
import { hasWildcard } from '../catalog/wildcard';
import type { PolicyDocument, Span } from '../policy/document';
import { innerSpan } from '../policy/values';
import { correctOperatorCase, parseOperator } from '../rules/conditions/operators';
import { locate } from './locate';

/** Hover content: markdown and the span of the literal it describes. */
export interface HoverInfo {
  readonly markdown: string;
  readonly span: Span;
}

const LISTED = 8;
const LISTED_KEYS = 20;

/** Describes the action, wildcard, condition key or operator at an offset; undefined when there is nothing to say. */
export function hoverAt(document: PolicyDocument, offset: number, catalog: Catalog): HoverInfo | undefined {
  const location = locate(document, offset);
  if (!location) return undefined;
  const value = location.node.value as string;
  const span = innerSpan(location.node);
  let markdown: string | undefined;
  if (location.type === 'action') markdown = describeActionPattern(value, catalog);
  else if (location.type === 'conditionKey') markdown = describeConditionKey(value, catalog);
  else markdown = describeOperator(value);
  return markdown ? { markdown, span } : undefined;
}

function describeActionPattern(pattern: string, catalog: Catalog): string | undefined {
  if (hasWildcard(pattern)) {
    const matches = catalog.expand(pattern);
    if (matches.length === 0) return `**${escape(pattern)}** matches no known action.`;
    const names = matches.slice(0, LISTED).map((a) => `\`${a.service}:${a.name}\``);
    const more = matches.length > LISTED ? `, and ${matches.length - LISTED} more` : '';
    return [
      `**${escape(pattern)}** matches ${matches.length} action${matches.length === 1 ? '' : 's'} (${accessSummary(matches)}).`,
      '',
      `${names.join(', ')}${more}`,
    ].join('\n');
  }
  const colon = pattern.indexOf(':');
  if (colon < 0) return undefined;
  const action = catalog.action(pattern.slice(0, colon), pattern.slice(colon + 1));
  return action ? describeAction(action) : undefined;
}

function describeAction(action: CatalogAction): string {
  const lines = [`**${action.service}:${action.name}** — ${action.accessLevel}`, '', escape(action.description)];
  if (action.resourceTypes.length > 0) {
    const types = action.resourceTypes.map((r) => (r.required ? `\`${r.name}\` (required)` : `\`${r.name}\``));
    lines.push('', `Resource types: ${types.join(', ')}`);
  } else {
    lines.push('', 'Resource types: none (use `"Resource": "*"`)');
  }
  if (action.conditionKeys.length > 0) {
    const keys = action.conditionKeys.slice(0, LISTED_KEYS).map((k) => `\`${k}\``);
    const more = action.conditionKeys.length > LISTED_KEYS ? `, and ${action.conditionKeys.length - LISTED_KEYS} more` : '';
    lines.push('', `Condition keys: ${keys.join(', ')}${more}`);
  }
  return lines.join('\n');
}

function accessSummary(actions: readonly CatalogAction[]): string {
  const counts = new Map<string, number>();
  for (const a of actions) counts.set(a.accessLevel, (counts.get(a.accessLevel) ?? 0) + 1);
  return [...counts].map(([level, n]) => `${n} ${level}`).join(', ');
}

function describeConditionKey(key: string, catalog: Catalog): string | undefined {
  const info = /^aws:/i.test(key) ? catalog.globalConditionKey(key) : catalog.serviceConditionKey(key);
  if (!info) return undefined;
  return [`**${escape(info.key)}** — ${info.type}`, '', escape(info.description)].join('\n');
}

function describeOperator(text: string): string | undefined {
  // Wrong case is reported by the operator rule; hover still explains what the user meant.
  const operator = parseOperator(text) ?? parseOperator(correctOperatorCase(text) ?? '');
  if (!operator) return undefined;
  const notes: string[] = [];
  if (operator.qualifier === 'ForAllValues') notes.push('`ForAllValues:` — every value of the key in the request must match.');
  if (operator.qualifier === 'ForAnyValue') notes.push('`ForAnyValue:` — at least one value of the key in the request must match.');
  if (operator.ifExists) notes.push('`…IfExists` — also true when the key is absent from the request.');
  const title = `**${escape(text)}** — ${operator.base.family} operator`;
  return [title, '', escape(operator.base.description), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
