import { hasWildcard } from '../../catalog/wildcard';
import { removeValue } from '../../fixes/edit';
import type { Element } from '../../policy/document';
import { stringValues } from '../../policy/values';
import type { Rule, RuleContext } from '../rule';
import { patternCovers } from '../grammar/patternCovers';

/**
 * REDUNDANT_ACTION: an action that another entry of the same Action (or NotAction) list already covers — a
 * duplicate in any case, or a name a wildcard matches. The fix removes the entry and keeps the list's formatting.
 */
export const redundantActionRule: Rule = {
  name: 'redundantAction',
  codes: ['REDUNDANT_ACTION'],
  check(context) {
    for (const statement of context.document.statements) {
      checkList(context, statement.elements.Action);
      checkList(context, statement.elements.NotAction);
    }
  },
  fixes({ document, code, path, data }) {
    if (code !== 'REDUNDANT_ACTION') return [];
    const by = typeof data?.coveredBy === 'string' ? ` (covered by ${data.coveredBy})` : '';
    return [{ title: `Remove the redundant action${by}`, edits: removeValue(document.text, path), preferred: true }];
  },
};

function checkList({ report }: RuleContext, element: Element | undefined): void {
  if (element?.value.type !== 'array') return;
  const actions = stringValues(element);
  if (actions.length < 2) return;
  const lowers = actions.map(({ value }) => value.toLowerCase());
  const firstIndex = new Map<string, number>();
  // Wildcards filed by their literal service prefix, so a name is only compared with its own service's patterns;
  // patterns whose service part is itself a wildcard (`*`, `s*:Get*`) go under ''.
  const wildcards = new Map<string, number[]>();
  lowers.forEach((lower, i) => {
    if (!firstIndex.has(lower)) firstIndex.set(lower, i);
    if (!hasWildcard(lower)) return;
    const service = serviceOf(lower);
    const list = wildcards.get(service);
    if (list) list.push(i);
    else wildcards.set(service, [i]);
  });
  const crossService = wildcards.get('') ?? [];
  lowers.forEach((lower, i) => {
    const first = firstIndex.get(lower)!;
    let cover: number | undefined = first !== i ? first : undefined;
    if (cover === undefined && wildcards.size > 0) {
      const own = wildcards.get(serviceOf(lower));
      cover = findCover(lowers, i, crossService) ?? (own ? findCover(lowers, i, own) : undefined);
    }
    if (cover === undefined) return;
    const by = actions[cover]!.value;
    report('REDUNDANT_ACTION', actions[i]!.node, `"${actions[i]!.value}" is already granted by "${by}" in this list: remove it.`, { coveredBy: by });
  });
}

function serviceOf(lowerAction: string): string {
  const colon = lowerAction.indexOf(':');
  const service = colon < 0 ? '' : lowerAction.slice(0, colon);
  return hasWildcard(service) ? '' : service;
}

/** The first candidate that covers entry `index`; of two patterns covering each other, the earlier one stays. */
function findCover(lowers: readonly string[], index: number, candidates: readonly number[]): number | undefined {
  const inner = lowers[index]!;
  for (const j of candidates) {
    const outer = lowers[j]!;
    if (j === index || outer === inner) continue;
    if (patternCovers(outer, inner, false) && !(j > index && patternCovers(inner, outer, false))) return j;
  }
  return undefined;
}
