// Which observed usage a document is compared with: its binding (or the role its file name names), the folder's
// history and the settings' safety rails. Every usage feature of the server starts here.
import type { Catalog } from '../core/catalog/catalog';
import type { Binding } from '../core/config/bindings';
import type { Settings } from '../core/config/settings';
import type { PolicyDocument, PolicyKind } from '../core/policy/document';
import { ANY_RESOURCE, bucketsText, policyBuckets } from '../core/usage/bucketScope';
import { shortName } from '../core/usage/evidence';
import { coveredWindow, type CoveredWindow, type UsageSettings } from '../core/usage/observability';
import { scpAccounts } from '../core/usage/scpBlocks';
import type { UsageContext } from '../core/usage/statements';
import { roleOfFileName } from '../core/usage/trailIndex';
import type { DocumentKind } from './kinds';
import type { WorkspaceUsage } from './usage';

/** How a document is compared with observed usage, or why it is not. */
export type Comparison =
  | {
      readonly state: 'compared';
      /** The binding usage findings use: the explicit one, or one made from the file name, with the principal's ARN. */
      readonly binding: Binding | undefined;
      readonly context: UsageContext;
      readonly window: CoveredWindow;
      /** Who or what the policy is compared with, for people: `role/App`, `all 3 accounts`. */
      readonly subject: string;
    }
  | { readonly state: 'notCompared'; readonly reason: string; readonly canBind: boolean }
  /** Trust and RCP documents, and anything before the first load: no usage features at all. */
  | { readonly state: 'none' };

/** What {@link compare} needs besides the document. */
export interface ComparisonSources {
  readonly usage: WorkspaceUsage;
  readonly catalog: Catalog;
  readonly settings: Settings;
  readonly now: number;
}

/** The usage settings core expects, from the editor settings. */
export function usageSettings(settings: Settings): UsageSettings {
  const { windowDays, minCoverageDays, staleDays, keepMarker } = settings.usage;
  return { windowDays, minCoverageDays, staleDays, keepMarker, severity: settings.severity };
}

/** Decides how a document of a kind is compared with the history of its workspace folder. */
export function compare(resolved: DocumentKind, kind: PolicyKind, document: PolicyDocument, sources: ComparisonSources): Comparison {
  if (kind === 'trust' || kind === 'rcp' || !sources.usage.loaded) return { state: 'none' };
  const canBind = kind === 'identity' || kind === 'scp';
  const index = sources.usage.folder(resolved.folder)?.index;
  // Binding needs principals to pick from: without a history, "Change…" would offer nothing.
  if (!index) return { state: 'notCompared', reason: 'no CloudTrail history loaded', canBind: false };
  const context: UsageContext = { index, catalog: sources.catalog, settings: usageSettings(sources.settings), now: sources.now };
  const window = coveredWindow(index, context.settings, context.now);
  const compared = (binding: Binding | undefined, subject: string): Comparison => ({ state: 'compared', binding, context, window, subject });
  if (kind === 'resource') {
    // Usage is kept per resource only for S3 buckets: a policy naming none is judged on its principals' use anywhere.
    const buckets = policyBuckets(document, resolved.binding);
    return compared(resolved.binding, `the principals of its statements on ${buckets.length > 0 ? bucketsText(buckets) : ANY_RESOURCE}`);
  }
  if (kind === 'scp') {
    const accounts = scpAccounts(resolved.binding, context);
    const subject = accounts.length === 1 ? `account ${accounts[0] ?? ''}` : `all ${accounts.length} accounts`;
    return compared(resolved.binding, subject);
  }
  const named = resolved.binding?.principal;
  if (named) {
    const lookup = index.principal(named);
    if (lookup.principal) return compared({ path: resolved.fileName, principal: lookup.principal.arn }, shortName(lookup.principal.arn));
    // An ARN with no calls is still a principal: everything it is granted is then unused (where observable).
    if (named.startsWith('arn:')) return compared({ path: resolved.fileName, principal: named }, `${shortName(named)} (no calls in the history)`);
    const reason =
      lookup.candidates.length > 1
        ? `"${named}" names ${lookup.candidates.length} principals (${lookup.candidates.map((c) => c.arn).join(', ')}); bind an ARN`
        : `"${named}" is not in the loaded history`;
    return { state: 'notCompared', reason, canBind };
  }
  const inferred = roleOfFileName(resolved.fileName, index);
  if (inferred) return compared({ path: resolved.fileName, principal: inferred }, `${shortName(inferred)} (from the file name)`);
  return { state: 'notCompared', reason: 'no principal bound', canBind };
}
