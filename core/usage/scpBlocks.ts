import type { Node } from 'jsonc-parser';
import type { Binding } from '../config/bindings';
import { matchesWildcard } from '../catalog/wildcard';
import type { PolicyDocument, Statement } from '../policy/document';
import { stringsOf } from '../policy/values';
import type { CoveredWindow } from './observability';
import { calls, describeWindow, shortName } from './evidence';
import { elementString, statementMatches, type UsageContext } from './statements';
import type { Emit } from './usageFindings';

type RegionTest = (region: string) => boolean;
/** How a statement's Condition applies: always, per Region, or not knowable from the trail. */
type ConditionVerdict = { kind: 'always' } | { kind: 'regions'; test: RegionTest } | { kind: 'unknown'; keys: string[] };

const REGION_OPERATORS: Record<string, (values: string[], region: string) => boolean> = {
  stringequals: (v, r) => v.includes(r),
  stringnotequals: (v, r) => !v.includes(r),
  stringequalsignorecase: (v, r) => v.some((x) => x.toLowerCase() === r.toLowerCase()),
  stringnotequalsignorecase: (v, r) => !v.some((x) => x.toLowerCase() === r.toLowerCase()),
  stringlike: (v, r) => v.some((x) => matchesWildcard(x, r)),
  stringnotlike: (v, r) => !v.some((x) => matchesWildcard(x, r)),
};

/** The accounts an SCP is compared with: the binding's account ID, else every account in the history. */
export function scpAccounts(binding: Binding | undefined, context: UsageContext): readonly string[] {
  const bound = binding?.principal;
  return bound && /^\d{12}$/.test(bound) ? [bound] : context.index.coverage.accounts;
}

/**
 * SCP_BLOCKS_OBSERVED: a Deny statement whose Action/NotAction matches calls that were allowed in the bound accounts
 * during the window. `aws:RequestedRegion` conditions are evaluated against each call's Regions; any other condition
 * makes the finding "may block".
 */
export function scpBlocksObserved(document: PolicyDocument, binding: Binding | undefined, context: UsageContext, window: CoveredWindow, emit: Emit): void {
  const principals = scpAccounts(binding, context).flatMap((a) => context.index.principalsOf(a));
  const from = window.from ?? 0;
  for (const statement of document.statements) {
    const element = statement.elements.Action ?? statement.elements.NotAction;
    if (elementString(statement, 'Effect') !== 'Deny' || !element) continue;
    const condition = conditionVerdict(statement.elements.Condition?.value);
    const byPrincipal = new Map<string, number>();
    let total = 0;
    let partial = false;
    for (const p of principals) {
      for (const row of context.index.usageOf(p.arn).values()) {
        if (row.count === 0 || row.lastSeen < from || !statementMatches(statement, row.action)) continue;
        if (condition.kind === 'regions') {
          const hit = row.regions.filter(condition.test).length;
          if (hit === 0) continue;
          if (hit < row.regions.length) partial = true;
        }
        byPrincipal.set(p.arn, (byPrincipal.get(p.arn) ?? 0) + row.count);
        total += row.count;
      }
    }
    if (total === 0) continue;
    const top = [...byPrincipal].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3);
    const may = condition.kind === 'unknown';
    emit(
      'SCP_BLOCKS_OBSERVED',
      { span: { offset: element.value.offset, length: element.value.length }, path: element.path },
      message(statement, total, top, may || partial, condition, window),
      { count: total, principals: top.map(([arn]) => arn), may },
    );
  }
}

function message(statement: Statement, total: number, top: [string, number][], may: boolean, condition: ConditionVerdict, window: CoveredWindow): string {
  const sid = elementString(statement, 'Sid');
  const who = top.map(([arn, n]) => `${shortName(arn)} (${calls(n)})`).join(', ');
  const verb = may ? `may block up to ${calls(total)}` : `would block ${calls(total)}`;
  const unknown = condition.kind === 'unknown' ? ` Its condition on ${condition.keys.join(', ')} cannot be evaluated from the trail.` : '';
  return `This Deny${sid ? ` (${sid})` : ''} ${verb} observed ${describeWindow(window)}, mostly by ${who}.${unknown} Check these callers before rolling it out.`;
}

function conditionVerdict(node: Node | undefined): ConditionVerdict {
  if (node?.type !== 'object' || !node.children || node.children.length === 0) return { kind: 'always' };
  const tests: RegionTest[] = [];
  const unknown: string[] = [];
  for (const operatorProp of node.children) {
    const operator = String(operatorProp.children?.[0]?.value ?? '');
    const base = operator.toLowerCase().replace(/ifexists$/, '');
    for (const keyProp of operatorProp.children?.[1]?.children ?? []) {
      const key = String(keyProp.children?.[0]?.value ?? '');
      const valueNode = keyProp.children?.[1];
      const evaluate = REGION_OPERATORS[base];
      if (key.toLowerCase() !== 'aws:requestedregion' || !evaluate || !valueNode) {
        unknown.push(key);
        continue;
      }
      const values = stringsOf(valueNode, []).map((s) => s.value);
      tests.push((region) => evaluate(values, region));
    }
  }
  if (unknown.length > 0) return { kind: 'unknown', keys: [...new Set(unknown)] };
  return { kind: 'regions', test: (region) => tests.every((t) => t(region)) };
}
