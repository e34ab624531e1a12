import type { Binding } from '../config/bindings';
import type { Finding } from '../findings/finding';
import type { JsonPath, PolicyDocument, PolicyKind, Span, Statement, StringValue } from '../policy/document';
import type { FindingData } from '../rules/rule';
import { severityFor } from '../validate';
import { coveredWindow, type CoveredWindow, type JudgeScope, type Observability } from './observability';
import { boundPrincipal, calls, describeWindow, notObservableMessage, shortName, unusedMessage } from './evidence';
import { deniedInTrail } from './deniedInTrail';
import { scpBlocksObserved } from './scpBlocks';
import { bucketPolicyScopes } from './bucketScope';
import { actionLiterals, judgeLiteral, judgedStatements, namesOf, statementRegions, type UsageContext } from './statements';

/** Adds a finding with the table's severity after overrides; `off` drops it. */
export type Emit = (code: string, at: { span: Span; path: JsonPath }, message: string, data?: FindingData) => void;

/**
 * The usage findings of a policy compared with observed usage: UNUSED_ACTION, UNUSED_WILDCARD, NOT_OBSERVABLE and
 * DENIED_IN_TRAIL for identity policies bound to a principal, the same per statement for bucket policies (judged
 * against the statement's principals' calls on the policy's bucket), and SCP_BLOCKS_OBSERVED for SCPs bound to
 * accounts. Never throws.
 */
export function usageFindings(document: PolicyDocument, kind: PolicyKind, binding: Binding | undefined, context: UsageContext): Finding[] {
  const findings: Finding[] = [];
  const emit: Emit = (code, at, message, data) => {
    const severity = severityFor(code, context.settings.severity);
    if (!severity) return;
    findings.push({ code, severity, message, span: at.span, path: at.path, ...(data ? { data } : {}) });
  };
  const window = coveredWindow(context.index, context.settings, context.now);
  if (kind === 'identity') {
    const principal = boundPrincipal(binding, context);
    if (principal) {
      const scope = { principals: [principal.arn], accounts: [principal.account] };
      const who = shortName(principal.arn);
      for (const statement of judgedStatements(document, context.settings.keepMarker)) {
        judgeStatement(statement, { ...scope, regions: statementRegions(statement) }, who, context, window, emit);
      }
      deniedInTrail(document, principal, context, window, emit);
    }
  } else if (kind === 'resource') {
    for (const { statement, scope, who } of bucketPolicyScopes(document, binding, context)) judgeStatement(statement, scope, who, context, window, emit);
  } else if (kind === 'scp') {
    scpBlocksObserved(document, binding, context, window, emit);
  }
  return findings.sort((a, b) => a.span.offset - b.span.offset || a.code.localeCompare(b.code));
}

function judgeStatement(
  statement: Statement,
  scope: JudgeScope,
  who: string,
  context: UsageContext,
  window: CoveredWindow,
  emit: Emit,
): void {
  for (const literal of actionLiterals(statement)) {
    const verdict = judgeLiteral(literal.value, scope, context, window);
    if (verdict.kind === 'single') judgeSingle(literal, verdict.verdict, who, emit);
    else if (verdict.kind === 'wildcard') judgeWildcard(literal, verdict, who, window, emit);
  }
}

function at(literal: StringValue): { span: Span; path: JsonPath } {
  return { span: { offset: literal.node.offset, length: literal.node.length }, path: literal.path };
}

function judgeSingle(literal: StringValue, verdict: Observability, who: string, emit: Emit): void {
  if (verdict.state === 'unused') {
    emit('UNUSED_ACTION', at(literal), unusedMessage(verdict, who), { action: literal.value });
  } else if (verdict.state === 'notObservable') {
    emit('NOT_OBSERVABLE', at(literal), notObservableMessage(verdict), { action: literal.value, reason: verdict.reason });
  }
}

function judgeWildcard(
  literal: StringValue,
  verdict: { used: readonly Observability[]; unused: readonly Observability[]; notObservable: readonly Observability[] },
  who: string,
  window: CoveredWindow,
  emit: Emit,
): void {
  const { used, unused, notObservable } = verdict;
  const total = used.length + unused.length + notObservable.length;
  if (used.length > 0 && unused.length > 0) {
    const names = namesOf(used);
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length - 5} more)` : '');
    const kept = notObservable.length > 0 ? `; ${notObservable.length} cannot be observed and would be kept` : '';
    emit(
      'UNUSED_WILDCARD',
      at(literal),
      `${literal.value} grants ${total} actions; ${who} used only ${names.length} of them ${describeWindow(window)}: ${shown}${kept}. Narrow it to the observed actions.`,
      { action: literal.value, actions: names, notObservable: namesOf(notObservable) },
    );
  } else if (used.length === 0 && unused.length > 0 && notObservable.length === 0) {
    const denied = unused.reduce((n, v) => n + (v.state === 'unused' ? v.denied : 0), 0);
    const deniedText = denied > 0 ? `; ${calls(denied)} were denied` : '';
    emit(
      'UNUSED_ACTION',
      at(literal),
      `None of the ${total} actions ${literal.value} grants was allowed for ${who} ${describeWindow(window)}${deniedText}. Remove it if it is not needed.`,
      { action: literal.value },
    );
  } else if (used.length === 0 && notObservable.length > 0) {
    const reasons = [...new Set(notObservable.map((v) => (v.state === 'notObservable' ? v.reason : '')))];
    const first = notObservable[0] as Observability;
    const reason = reasons.length === 1 ? (reasons[0] as string) : 'mixed';
    const why = reasons.length === 1 && first.state === 'notObservable' ? first.why : `reasons: ${reasons.join(', ')}`;
    emit(
      'NOT_OBSERVABLE',
      at(literal),
      `None of the ${total} actions ${literal.value} grants was used, but ${notObservable.length} of them cannot be judged from the loaded history: ${why}`,
      { action: literal.value, reason },
    );
  }
}
