// The quick pick of principals ("Bind Policy to Principal…", "Generate Policy from Usage…", "Show Usage Report"):
// plain items, no vscode here, so the wording and order are tested under node --test.
import { relativeTime } from '../../core/usage/lastAccessedModel';
import type { PrincipalItem } from '../../server/protocol';

/** A quick pick item that carries its answer: a principal ARN, or null for "Remove binding". */
export interface PrincipalPick {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  /** The ARN this item chooses; null removes the document's binding. */
  readonly principal: string | null;
}

const KIND_ICON: Record<PrincipalItem['kind'], string> = { role: '$(shield)', user: '$(person)', root: '$(star-full)' };

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** One item per principal, in the server's order (most recently active first). */
export function principalPicks(principals: readonly PrincipalItem[], now: number): PrincipalPick[] {
  return principals.map((p) => ({
    label: `${KIND_ICON[p.kind]} ${p.name}`,
    description: `${p.kind} · account ${p.account || 'unknown'}`,
    detail: `Last activity ${relativeTime(p.lastActivity, now)} (${day(p.lastActivity)}) · ${p.arn}`,
    principal: p.arn,
  }));
}

/** The items of "Bind Policy to Principal…": every principal, then "Remove binding". */
export function bindingPicks(principals: readonly PrincipalItem[], now: number): PrincipalPick[] {
  return [
    ...principalPicks(principals, now),
    {
      label: '$(close) Remove binding',
      description: '',
      detail: 'Remove this file\'s principal from .trailtight/bindings.json (a role named like the file is still inferred)',
      principal: null,
    },
  ];
}
