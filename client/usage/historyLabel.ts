// The status bar's history item: which CloudTrail history the server judges usage against. No vscode here.
import { formatCount } from '../../core/usage/lastAccessedModel';
import type { UsageStatusParams } from '../../server/protocol';

/** What the item shows; undefined hides it (no cache in the workspace). */
export interface HistoryLabel {
  readonly text: string;
  readonly tooltip: string;
  readonly warning: boolean;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** "$(history) 2026-08-24 → 2026-11-21", or a warning when the server could not load the cache. */
export function historyLabel(status: UsageStatusParams | undefined): HistoryLabel | undefined {
  if (!status) return undefined;
  if (!status.loaded) {
    // No message: there is simply no cache yet, and the Last Accessed view says how to make one.
    if (!status.message) return undefined;
    return { text: '$(warning) Usage history', tooltip: `Trailtight: ${status.message}`, warning: true };
  }
  if (status.from === undefined || status.to === undefined) {
    return { text: '$(history) empty history', tooltip: 'Trailtight: the usage cache holds no CloudTrail records yet. Import logs or fetch events.', warning: false };
  }
  const facts = [
    status.accounts === undefined ? undefined : plural(status.accounts, 'account'),
    status.principals === undefined ? undefined : plural(status.principals, 'principal'),
  ].filter((f): f is string => f !== undefined);
  const range = `${day(status.from)} → ${day(status.to)}`;
  const lines = [`Trailtight: usage is judged against CloudTrail history ${range} (UTC)` + (facts.length > 0 ? `, ${facts.join(', ')}.` : '.')];
  // E.g. the cache was from another format version and was rebuilt.
  if (status.message) lines.push(status.message);
  lines.push('Click to show Last Accessed.');
  return { text: `$(history) ${range}`, tooltip: lines.join('\n'), warning: false };
}
