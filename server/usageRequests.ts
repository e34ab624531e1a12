// The custom requests of the usage views (server/protocol.ts): principals, bindings, tighten, generate, the panel.
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../core/config/settings';
import { generatePolicy } from '../core/usage/generate';
import { lastAccessedFromUsage } from '../core/usage/lastAccessedModel';
import { usageReportFromDaily } from '../core/usage/usageReportModel';
import type { Analysis } from './analysis';
import { boundPolicies } from './boundPolicies';
import type { WorkspaceKinds } from './kinds';
import {
  bindPrincipalRequest,
  boundPoliciesRequest,
  generatePolicyRequest,
  lastAccessedRequest,
  principalsRequest,
  tightenRequest,
  usageReportRequest,
  type PrincipalItem,
} from './protocol';
import { tightenDocument } from './usageLanguage';
import type { WorkspaceUsage } from './usage';

/** What the usage requests need from the server. */
export interface UsageRequestContext {
  readonly usage: WorkspaceUsage;
  /** The current kinds (replaced at initialize). */
  readonly kinds: () => WorkspaceKinds;
  readonly documents: TextDocuments<TextDocument>;
  readonly settings: () => Settings;
  readonly analyze: (document: TextDocument) => Analysis | undefined;
  /** Re-validates every open document and refreshes the lenses (after bindings change). */
  readonly revalidateAll: () => void;
}

/** Registers the handlers of the usage requests; each waits for the first cache load. */
export function registerUsageRequests(connection: Connection, ctx: UsageRequestContext): void {
  const { usage } = ctx;

  connection.onRequest(principalsRequest, async (): Promise<PrincipalItem[]> => {
    await usage.ready();
    return usage.principals().map(({ arn, account, kind, name, lastActivity }) => ({ arn, account, kind, name, lastActivity }));
  });

  connection.onRequest(bindPrincipalRequest, ({ uri, principal }) => {
    const result = ctx.kinds().bindPrincipal(uri, principal);
    if (result.bindingsFile) ctx.revalidateAll();
    return result;
  });

  connection.onRequest(tightenRequest, async ({ uri, dropNotObservable }) => {
    await usage.ready();
    const document = ctx.documents.get(uri);
    if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `Cannot tighten ${uri}: the document is not open in the editor.`);
    const drop = dropNotObservable ?? ctx.settings().usage.includeNotObservableInTighten;
    return tightenDocument(document, ctx.analyze(document), drop);
  });

  connection.onRequest(generatePolicyRequest, async ({ principal }) => {
    await usage.ready();
    const found = usage.find(principal);
    const index = found?.index ?? usage.loadedFolders()[0]?.index;
    if (!index) throw new ResponseError(ErrorCodes.InvalidRequest, 'No CloudTrail history is loaded: import logs or fetch events first.');
    const generated = generatePolicy(found?.principal.arn ?? principal, index);
    return { text: generated.text, actions: generated.actions, notes: generated.notes };
  });

  connection.onRequest(lastAccessedRequest, async () => {
    await usage.ready();
    return lastAccessedFromUsage(usage.loadedFolders().flatMap((f) => f.rows));
  });

  connection.onRequest(usageReportRequest, async ({ principal }) => {
    await usage.ready();
    const found = usage.find(principal);
    const arn = found?.principal.arn ?? principal;
    return usageReportFromDaily(found ? found.index.daily(arn) : [], arn);
  });

  connection.onRequest(boundPoliciesRequest, async ({ principal }) => {
    await usage.ready();
    const arn = usage.find(principal)?.principal.arn ?? principal;
    const kinds = ctx.kinds();
    const folders = kinds.roots.map((root) => ({ root, bindings: kinds.bindingsOf(root), index: usage.folder(root)?.index }));
    return boundPolicies(arn, folders);
  });
}
