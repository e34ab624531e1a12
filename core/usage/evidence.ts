import type { Binding } from '../config/bindings';
import { hasWildcard } from '../catalog/wildcard';
import { coveredWindow, day, formatDays, judgeAction, type CoveredWindow, type JudgeScope, type Observability } from './observability';
import type { UsageContext } from './statements';
import { principalInfo, type PrincipalInfo } from './trailIndex';

/** `role/App`-style short name of a principal ARN. */
export function shortName(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource === 'root' ? `${arn.split(':')[4] ?? ''} root` : resource.replace(/^(role|user)\/.*\//, '$1/');
}

/** "between 2026-08-24 and 2026-11-21 (89 days) in 3 accounts / 4 Regions". */
export function describeWindow(window: CoveredWindow): string {
  if (window.from === undefined || window.to === undefined) return 'in no loaded history';
  const accounts = `${window.accounts.length} account${window.accounts.length === 1 ? '' : 's'}`;
  const regions = `${window.regions.length} Region${window.regions.length === 1 ? '' : 's'}`;
  return `between ${day(window.from)} and ${day(window.to)} (${formatDays(window.days)}) in ${accounts} / ${regions}`;
}

/** Calls counted for people: "1 call", "1,204 calls". */
export function calls(n: number): string {
  return `${n.toLocaleString('en-US')} call${n === 1 ? '' : 's'}`;
}

/** The message of an unused action. */
export function unusedMessage(verdict: Observability, who: string): string {
  const denied = verdict.state === 'unused' && verdict.denied > 0 ? `; it was denied ${calls(verdict.denied)}` : '';
  return `${verdict.action} was never allowed for ${who} ${describeWindow(verdict.window)}${denied}. Remove it if it is not needed, or start the statement's Sid with the keep marker to keep it.`;
}

/** The message of a not-observable action. */
export function notObservableMessage(verdict: Observability): string {
  const why = verdict.state === 'notObservable' ? verdict.why : '';
  return `${verdict.action} cannot be judged from the loaded history: ${why}`;
}

/** A bullet list of verdicts for the hover; `buckets` when judged per bucket (then it says who, not where). */
function verdictLines(verdict: Observability, buckets: readonly string[] | undefined): string[] {
  if (verdict.state === 'used') {
    const e = verdict.evidence;
    const on = buckets ? ` on ${buckets.length === 1 ? `bucket ${buckets[0] ?? ''}` : `buckets ${buckets.join(', ')}`}` : '';
    const lines = [`**${verdict.action}**: used`, `- last seen${on} ${new Date(e.lastSeen).toISOString().replace('.000Z', 'Z')}`, `- ${calls(e.count)} allowed`];
    if (e.denied > 0) lines.push(`- ${calls(e.denied)} denied`);
    if (buckets) lines.push(`- by ${e.principals.map(shortName).join(', ')}`);
    else lines.push(`- Regions: ${e.regions.length > 0 ? e.regions.join(', ') : 'unknown'}`);
    return lines;
  }
  if (verdict.state === 'unused') {
    const lines = [`**${verdict.action}**: never allowed ${describeWindow(verdict.window)}`];
    if (verdict.denied > 0) lines.push(`- ${calls(verdict.denied)} denied`);
    return lines;
  }
  return [`**${verdict.action}**: not observable (${verdict.reason})`, `- ${verdict.why}`, `- history ${describeWindow(verdict.window)}`];
}

/**
 * Hover markdown for one `Action` string of a policy bound to a principal: last seen, count, Regions and denied calls,
 * or for unused and not-observable actions the covered window and why. Undefined when nothing is known.
 */
export function usageEvidence(actionLiteral: string, binding: Binding | undefined, context: UsageContext): string | undefined {
  const principal = binding?.principal ? context.index.principal(binding.principal).principal : undefined;
  if (!principal) return undefined;
  return scopeEvidence(actionLiteral, { principals: [principal.arn], accounts: [principal.account] }, `\`${shortName(principal.arn)}\``, context);
}

/**
 * Hover markdown for one `Action` string judged for a scope (`who` names it for people): per action, used with its
 * evidence, or unused / not observable with the covered window and why. Undefined for strings the catalog does not know.
 */
export function scopeEvidence(actionLiteral: string, scope: JudgeScope, who: string, context: UsageContext): string | undefined {
  const actions = context.catalog.expand(actionLiteral);
  if (actions.length === 0) return undefined;
  const window = coveredWindow(context.index, context.settings, context.now);
  const verdicts = actions.map((a) => judgeAction(a, scope, context.index, window));
  const header = `Usage by ${who} ${describeWindow(window)}${window.insufficient ? ` — ${window.insufficient}` : ''}`;
  if (!hasWildcard(actionLiteral)) return [header, '', ...verdictLines(verdicts[0] as Observability, scope.buckets)].join('\n');
  const used = verdicts.filter((v) => v.state === 'used');
  const summary = `\`${actionLiteral}\` grants ${actions.length} actions; ${used.length} used.`;
  return [header, '', summary, '', ...used.flatMap((v) => verdictLines(v, scope.buckets))].join('\n');
}

/** The principal of an identity policy's binding, or why there is none. */
export function boundPrincipal(binding: Binding | undefined, context: UsageContext): PrincipalInfo | undefined {
  if (!binding?.principal) return undefined;
  const found = context.index.principal(binding.principal).principal;
  if (found) return found;
  // An ARN with no usage at all is still a principal: everything it was granted is then unused (if observable).
  return binding.principal.startsWith('arn:') ? principalInfo(binding.principal, 0) : undefined;
}
