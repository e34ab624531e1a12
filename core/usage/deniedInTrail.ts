import type { PolicyDocument, Statement } from '../policy/document';
import type { CoveredWindow } from './observability';
import { calls, shortName } from './evidence';
import { actionLiterals, documentGrants, elementString, type UsageContext } from './statements';
import type { PrincipalInfo } from './trailIndex';
import type { Emit } from './usageFindings';

/**
 * DENIED_IN_TRAIL: actions the principal was denied in the window that this policy does not grant. Reported on the
 * `Action` of the first Allow statement naming the same service (else the first Allow statement with `Action`, else
 * the first statement), so the fix can add the action there.
 */
export function deniedInTrail(document: PolicyDocument, principal: PrincipalInfo, context: UsageContext, window: CoveredWindow, emit: Emit): void {
  const from = window.from ?? 0;
  const denied = [...context.index.usageOf(principal.arn).values()]
    .filter((row) => row.denied > 0 && row.lastSeen >= from && !documentGrants(document, row.action))
    .sort((a, b) => a.action.localeCompare(b.action));
  for (const row of denied) {
    const target = targetOf(document, row.action);
    if (!target) return;
    const last = new Date(row.lastSeen).toISOString().slice(0, 10);
    emit(
      'DENIED_IN_TRAIL',
      target,
      `${shortName(principal.arn)} was denied ${row.action} ${calls(row.denied)} (last ${last}) and this policy does not grant it. Add it if the principal needs it; a denial can also come from an SCP, a boundary or a resource policy.`,
      { action: row.action },
    );
  }
}

function targetOf(document: PolicyDocument, action: string) {
  const allows = document.statements.filter((s) => elementString(s, 'Effect') === 'Allow' && s.elements.Action);
  const service = action.slice(0, action.indexOf(':') + 1).toLowerCase();
  const sameService = allows.find((s) => actionLiterals(s).some((l) => l.value.toLowerCase().startsWith(service)));
  const statement: Statement | undefined = sameService ?? allows[0];
  const element = statement?.elements.Action;
  if (element) return { span: { offset: element.value.offset, length: element.value.length }, path: element.path };
  const first = document.statements[0];
  return first ? { span: { offset: first.node.offset, length: first.node.length }, path: first.path } : undefined;
}
