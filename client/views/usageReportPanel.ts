// The Usage Report webview: one panel per principal, re-rendered when the cache changes. The page itself is built by
// reportHtml.ts (escaping, CSP); this file only hosts it.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parsePrincipalArn } from '../../core/usage/lastAccessedModel';
import { reportHtml } from './reportHtml';
import type { UsageSource } from './usageSource';

/** The webview panels' view type. */
export const USAGE_REPORT_VIEW_TYPE = 'trailtight.usageReport';

/** Opens and refreshes Usage Report panels. */
export class UsageReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly mediaRoot: vscode.Uri;

  constructor(extensionUri: vscode.Uri, private readonly source: UsageSource) {
    this.mediaRoot = vscode.Uri.joinPath(extensionUri, 'media', 'report');
  }

  /** Shows the report of `principal`, reusing its panel when one is open. */
  async show(principal: string): Promise<void> {
    let panel = this.panels.get(principal);
    if (panel) {
      panel.reveal();
    } else {
      panel = vscode.window.createWebviewPanel(USAGE_REPORT_VIEW_TYPE, `Usage: ${parsePrincipalArn(principal).name}`, vscode.ViewColumn.Active, {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [this.mediaRoot],
      });
      this.panels.set(principal, panel);
      panel.onDidDispose(() => this.panels.delete(principal));
    }
    await this.render(principal, panel);
  }

  /** Re-renders every open report (after the cache changed). */
  async refresh(): Promise<void> {
    await Promise.all([...this.panels].map(([principal, panel]) => this.render(principal, panel)));
  }

  private async render(principal: string, panel: vscode.WebviewPanel): Promise<void> {
    const report = await this.source.usageReport(principal);
    const webview = panel.webview;
    webview.html = reportHtml(report, {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'report.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'report.css')).toString(),
    });
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}
