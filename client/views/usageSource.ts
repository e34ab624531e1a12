// Where the panel and the report get their data: the language server, which owns the workspace usage cache, answers
// typed custom requests (server/protocol.ts). The extension host never reads the cache itself.
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AccountAccess } from '../../core/usage/lastAccessedModel';
import type { UsageReport } from '../../core/usage/usageReportModel';
import { lastAccessedRequest, usageReportRequest } from '../../server/protocol';

/** The data behind the Last Accessed tree and the Usage Report. */
export interface UsageSource {
  lastAccessed(): Promise<AccountAccess[]>;
  usageReport(principal: string): Promise<UsageReport>;
}

/** Asks the running language server; `client` is read on every call so a restarted server is used. */
export class ServerUsageSource implements UsageSource {
  constructor(private readonly client: () => LanguageClient) {}

  lastAccessed(): Promise<AccountAccess[]> {
    return this.client().sendRequest(lastAccessedRequest, {});
  }

  usageReport(principal: string): Promise<UsageReport> {
    return this.client().sendRequest(usageReportRequest, { principal });
  }
}
