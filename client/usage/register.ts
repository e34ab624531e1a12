// Wires observed usage into the editor: the Last Accessed view, the Usage Report, the history status item and the
// commands that compare a policy with usage. Every view asks the server; the server's usage notification refreshes them.
import * as vscode from 'vscode';
import type { UsageStatusParams } from '../../server/protocol';
import type { Ctx } from '../ctx';
import { LAST_ACCESSED_VIEW, LastAccessedView, principalArnOf } from '../views/lastAccessedView';
import { UsageReportPanels } from '../views/usageReportPanel';
import { ServerUsageSource } from '../views/usageSource';
import { historyLabel } from './historyLabel';
import { bindPolicy, generatePolicy, openBoundPolicies, principalArgument, tighten } from './usageCommands';

/** Registers the usage views and commands; everything is disposed with the extension. */
export function registerUsageFeatures(ctx: Ctx, context: vscode.ExtensionContext): void {
  const source = new ServerUsageSource(() => ctx.client);
  const view = new LastAccessedView(source);
  const reports = new UsageReportPanels(context.extensionUri, source);
  const history = new HistoryStatusItem();
  const refresh = (): void => {
    view.refresh();
    reports.refresh().catch((error: unknown) => ctx.output.error(`Cannot refresh the Usage Report: ${String(error)}`));
  };
  context.subscriptions.push(
    view,
    reports,
    history,
    ctx.onDidChangeUsage((status) => {
      history.update(status);
      refresh();
    }),
  );

  ctx.registerCommand('trailtight.lastAccessed.refresh', () => refresh);
  ctx.registerCommand('trailtight.lastAccessed.filter', () => () => view.askFilter());
  ctx.registerCommand('trailtight.lastAccessed.clearFilter', () => () => view.setFilter(''));
  ctx.registerCommand('trailtight.copyPrincipalArn', () => async (arg: unknown) => {
    const arn = principalArnOf(arg);
    if (!arn) throw new Error('choose a principal in the Last Accessed view to copy its ARN.');
    await vscode.env.clipboard.writeText(arn);
    vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
  });
  ctx.registerCommand('trailtight.showUsageReport', (c) => async (arg: unknown) => {
    const arn = await principalArgument(c, arg, 'Usage Report');
    if (arn) await reports.show(arn);
  });
  ctx.registerCommand('trailtight.bindPolicy', bindPolicy);
  ctx.registerCommand('trailtight.tighten', tighten);
  ctx.registerCommand('trailtight.generatePolicy', generatePolicy);
  ctx.registerCommand('trailtight.openBoundPolicies', openBoundPolicies);
}

/** The status bar item beside the kind item: the CloudTrail history usage is judged against. */
class HistoryStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('trailtight.history', vscode.StatusBarAlignment.Right, 99);

  constructor() {
    this.item.name = 'Trailtight Usage History';
    this.item.command = `${LAST_ACCESSED_VIEW}.focus`;
  }

  update(status: UsageStatusParams): void {
    const label = historyLabel(status);
    if (!label) {
      this.item.hide();
      return;
    }
    this.item.text = label.text;
    this.item.tooltip = label.tooltip;
    this.item.backgroundColor = label.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
