// The "Last Accessed" tree: account -> principal -> service -> action, newest first, filterable. The grouping, sorting
// and wording live in lastAccessedModel.ts; this file only turns them into TreeItems.
import * as vscode from 'vscode';
import {
  accountDescription,
  actionDescription,
  filterLastAccessed,
  formatCount,
  principalDescription,
  serviceDescription,
  type AccountAccess,
  type ActionAccess,
  type PrincipalAccess,
  type ServiceAccess,
} from '../../core/usage/lastAccessedModel';
import type { UsageSource } from './usageSource';

/** The view's id (package.json `contributes.views`). */
export const LAST_ACCESSED_VIEW = 'trailtight.lastAccessed';
/** The context key set while a filter is active (menus show "Clear Filter" then). */
const FILTERED_CONTEXT = 'trailtight.lastAccessed.filtered';

/** A row of the tree; principal rows are what the context-menu commands receive. */
export type LastAccessedNode =
  | { readonly kind: 'account'; readonly account: AccountAccess }
  | { readonly kind: 'principal'; readonly principal: PrincipalAccess }
  | { readonly kind: 'service'; readonly principal: string; readonly service: ServiceAccess }
  | { readonly kind: 'action'; readonly principal: string; readonly action: ActionAccess };

const iso = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

/** The tree data provider and the view, with its filter. */
export class LastAccessedView implements vscode.TreeDataProvider<LastAccessedNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<LastAccessedNode>;
  private filter = '';
  private accounts: Promise<AccountAccess[]> | undefined;

  constructor(private readonly source: UsageSource) {
    this.view = vscode.window.createTreeView(LAST_ACCESSED_VIEW, { treeDataProvider: this, showCollapseAll: true });
  }

  /** Asks the server again (after it reloaded the cache). */
  refresh(): void {
    this.accounts = undefined;
    this.changed.fire();
  }

  /** Asks for a filter (substring of principal ARN, service prefix or action); an empty answer clears it. */
  async askFilter(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'Filter Last Accessed',
      prompt: 'Show principals, services and actions containing this text (e.g. "AppRole", "s3", "PutObject")',
      value: this.filter,
    });
    if (value !== undefined) await this.setFilter(value);
  }

  /** Sets (or with '' clears) the filter. */
  async setFilter(value: string): Promise<void> {
    this.filter = value.trim();
    this.view.description = this.filter ? `filter: ${this.filter}` : undefined;
    await vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, this.filter !== '');
    this.changed.fire();
  }

  private load(): Promise<AccountAccess[]> {
    this.accounts ??= this.source.lastAccessed();
    return this.accounts;
  }

  async getChildren(node?: LastAccessedNode): Promise<LastAccessedNode[]> {
    if (!node) {
      let all: AccountAccess[];
      try {
        all = await this.load();
      } catch (error) {
        // Asked again on the next refresh (the server reports each reload of the cache).
        this.accounts = undefined;
        this.view.message = `Cannot show usage: ${error instanceof Error ? error.message : String(error)}`;
        return [];
      }
      const accounts = filterLastAccessed(all, this.filter);
      this.view.message = this.filter && accounts.length === 0 ? `Nothing matches "${this.filter}".` : undefined;
      return accounts.map((account) => ({ kind: 'account', account }));
    }
    switch (node.kind) {
      case 'account':
        return node.account.principals.map((principal) => ({ kind: 'principal', principal }));
      case 'principal':
        return node.principal.services.map((service) => ({ kind: 'service', principal: node.principal.arn, service }));
      case 'service':
        return node.service.actions.map((action) => ({ kind: 'action', principal: node.principal, action }));
      case 'action':
        return [];
    }
  }

  getTreeItem(node: LastAccessedNode): vscode.TreeItem {
    const now = Date.now();
    const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'account': {
        const item = new vscode.TreeItem(node.account.account || '(unknown account)', Expanded);
        item.description = accountDescription(node.account);
        item.iconPath = new vscode.ThemeIcon('organization');
        item.contextValue = 'account';
        item.id = `account:${node.account.account}`;
        return item;
      }
      case 'principal': {
        const p = node.principal;
        const item = new vscode.TreeItem(p.name, Collapsed);
        item.description = principalDescription(p, now);
        // Plain text, not Markdown: the ARN comes from the logs.
        item.tooltip = `${p.arn}\nLast activity ${iso(p.lastActivity)} · ${formatCount(p.calls)} calls` + (p.denied > 0 ? ` · ${formatCount(p.denied)} denied` : '');
        item.iconPath = new vscode.ThemeIcon(p.kind === 'user' ? 'person' : p.kind === 'root' ? 'star-full' : 'shield');
        item.contextValue = 'principal';
        item.id = `principal:${p.arn}`;
        return item;
      }
      case 'service': {
        const s = node.service;
        const item = new vscode.TreeItem(s.service, Collapsed);
        item.description = serviceDescription(s, now);
        item.tooltip = `${s.service}: ${s.lastAccessed === undefined ? 'never allowed' : `last accessed ${iso(s.lastAccessed)}`}, ` +
          `${formatCount(s.calls)} calls, ${formatCount(s.denied)} denied, ${s.actions.length} actions`;
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'service';
        item.id = `service:${node.principal}:${s.service}`;
        return item;
      }
      case 'action': {
        const a = node.action;
        const item = new vscode.TreeItem(a.action.slice(a.action.indexOf(':') + 1), None);
        item.description = actionDescription(a, now);
        item.tooltip = `${a.action}: last seen ${iso(a.lastSeen)}, ${formatCount(a.count)} allowed` + (a.denied > 0 ? `, ${formatCount(a.denied)} denied` : '');
        // Denied calls are marked so they stand out: a policy may be missing this action.
        item.iconPath = a.denied > 0
          ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : new vscode.ThemeIcon('symbol-method');
        item.contextValue = a.denied > 0 ? 'action.denied' : 'action';
        item.id = `action:${node.principal}:${a.action}`;
        return item;
      }
    }
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}

/** The principal ARN a command was given: an ARN string, or a principal row of the tree. */
export function principalArnOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.startsWith('arn:')) return arg;
  const node = arg as Partial<LastAccessedNode> | undefined;
  if (node?.kind === 'principal' && node.principal) return node.principal.arn;
  return undefined;
}
