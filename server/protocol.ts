// The custom messages between the Trailtight client and server, declared once and imported by both sides.
import { NotificationType, RequestType, type TextEdit } from 'vscode-languageserver-protocol';
import type { AccountAccess } from '../core/usage/lastAccessedModel';
import type { UsageReport } from '../core/usage/usageReportModel';
import type { KindSource } from '../core/language/kindLabel';
import type { PolicyKind } from '../core/policy/document';

export type { KindSource };

/** What the server concluded about one document after validating it. */
export interface PolicyStatusParams {
  readonly uri: string;
  /** False for JSON that is not a policy; the other fields are then absent. */
  readonly isPolicy: boolean;
  readonly kind?: PolicyKind;
  readonly kindSource?: KindSource;
}

/** Sent by the server after each validation, so the client can show the active policy's kind. */
export const policyStatusNotification = new NotificationType<PolicyStatusParams>('trailtight/policyStatus');

export interface KindOverrideParams {
  readonly uri: string;
  /** The kind to use for this document in this session; null returns to bindings or inference. */
  readonly kind: PolicyKind | null;
}

/**
 * Sent by the client for documents that cannot be bound in `.trailtight/bindings.json` (untitled, outside any
 * workspace folder); the server keeps the override for the session and re-validates the document.
 */
export const kindOverrideNotification = new NotificationType<KindOverrideParams>('trailtight/kindOverride');

export interface PersistKindParams {
  readonly uri: string;
  readonly kind: PolicyKind;
}

export interface PersistKindResult {
  /** The bindings file written, or null when the document is outside every workspace folder. */
  readonly bindingsFile: string | null;
  /** Why nothing was written (e.g. the bindings file is invalid), for the client to show. */
  readonly error?: string;
}

/**
 * Sent by the client when the user picks a kind: the server records it in the workspace's
 * `.trailtight/bindings.json` (formatting preserved), reloads bindings and re-validates.
 */
export const persistKindRequest = new RequestType<PersistKindParams, PersistKindResult, void>('trailtight/persistKind');

/** The client-side command the CodeLens invokes with the document URI; it asks the user for a kind. */
export const SET_KIND_COMMAND = 'trailtight.setPolicyKind';

// ---------------------------------------------------------------------------------------------------------------
// Observed usage (issue 4). The server owns the workspace cache (`.trailtight/cache.json`): it loads it at start,
// reloads it when the client reports a change, and answers the client's views from it. The client never reads the
// cache itself.

/** Sent by the client after an import, fetch or clear it ran, or when its file watcher sees the cache change. */
export const cacheChangedNotification = new NotificationType<Record<string, never>>('trailtight/cacheChanged');

/** The history the server has loaded, as one line of facts for the status bar and the CodeLens. */
export interface UsageStatusParams {
  /** False when no cache is loaded (none in the workspace, or it was unreadable: `message` says which). */
  readonly loaded: boolean;
  readonly message?: string;
  /** Epoch milliseconds of the oldest and newest record. */
  readonly from?: number;
  readonly to?: number;
  readonly accounts?: number;
  readonly principals?: number;
}

/** Sent by the server after each (re)load of the cache, so the panel refreshes and the status bar updates. */
export const usageChangedNotification = new NotificationType<UsageStatusParams>('trailtight/usageChanged');

export interface PrincipalItem {
  readonly arn: string;
  readonly account: string;
  readonly kind: 'role' | 'user' | 'root';
  readonly name: string;
  readonly lastActivity: number;
}

/** Every principal in the loaded history, most recently active first (the "Change…" quick pick). */
export const principalsRequest = new RequestType<Record<string, never>, PrincipalItem[], void>('trailtight/principals');

export interface BindPrincipalParams {
  readonly uri: string;
  /** A principal ARN (or role name); null removes the document's principal binding. */
  readonly principal: string | null;
}

/** Writes the document's principal into `.trailtight/bindings.json` (formatting kept), then re-validates. */
export const bindPrincipalRequest = new RequestType<BindPrincipalParams, PersistKindResult, void>('trailtight/bindPrincipal');

export interface TightenParams {
  readonly uri: string;
  /** Also remove actions whose use the history cannot show (default false: they are kept). */
  readonly dropNotObservable?: boolean;
}

export interface TightenResponse {
  /** The edits to the document (LSP TextEdits on the version the server validated); empty when nothing changes. */
  readonly edits: TextEdit[];
  /** What each edit does, parallel to `edits` (one per changed statement), for the refactor preview's tree. */
  readonly labels?: string[];
  /** The document version the edits apply to. */
  readonly version: number;
  /** What was done or left alone, and why (shown to the user). */
  readonly notes: string[];
}

/** "Tighten to Observed Usage": the server computes, the client previews and applies. */
export const tightenRequest = new RequestType<TightenParams, TightenResponse, void>('trailtight/tighten');

export interface GeneratePolicyParams {
  readonly principal: string;
}

export interface GeneratePolicyResponse {
  /** The new policy document, formatted JSON. */
  readonly text: string;
  readonly actions: readonly string[];
  readonly notes: readonly string[];
}

/** "Generate Policy from Usage": a new identity policy granting exactly what the principal was allowed to call. */
export const generatePolicyRequest = new RequestType<GeneratePolicyParams, GeneratePolicyResponse, void>('trailtight/generatePolicy');

/** The Last Accessed tree: account → principal → service → action, sorted by recency. */
export const lastAccessedRequest = new RequestType<Record<string, never>, AccountAccess[], void>(
  'trailtight/lastAccessed',
);

export interface UsageReportParams {
  readonly principal: string;
}

/** The Usage Report webview's data: daily calls per service for one principal. */
export const usageReportRequest = new RequestType<UsageReportParams, UsageReport, void>(
  'trailtight/usageReport',
);

export interface BoundPoliciesParams {
  readonly principal: string;
}

/** The workspace policy files bound (explicitly or by file-name inference) to a principal: "Open Bound Policies". */
export const boundPoliciesRequest = new RequestType<BoundPoliciesParams, string[], void>('trailtight/boundPolicies');

/** The client-side commands the usage CodeLens invokes; both take the document URI. */
export const BIND_PRINCIPAL_COMMAND = 'trailtight.bindPolicy';
export const TIGHTEN_COMMAND = 'trailtight.tighten';
