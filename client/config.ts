import * as vscode from 'vscode';

/** Typed access to the `trailtight.*` settings; read fresh each time so changes apply without reload. */
export class Config {
  static readonly section = 'trailtight';

  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Config.section);
  }

  /** Per-code severity overrides, as the user wrote them (the server normalises and reports mistakes). */
  get severity(): Record<string, string> {
    return this.cfg.get<Record<string, string>>('severity') ?? {};
  }

  get inlinePolicyOf(): string {
    return this.cfg.get<string>('inlinePolicyOf') ?? 'managed';
  }

  /** `trailtight.usage.*` as the user wrote them (the server normalises them and reports mistakes). */
  get usage(): Record<string, unknown> {
    return this.cfg.get<Record<string, unknown>>('usage') ?? {};
  }

  /** Whether "Tighten to Observed Usage" also removes actions whose use CloudTrail cannot show. */
  get includeNotObservableInTighten(): boolean {
    return this.cfg.get<boolean>('usage.includeNotObservableInTighten') ?? false;
  }

  /**
   * The settings the server works with, sent at start so the first diagnostics already honour them; the same shape
   * as the `trailtight` section the server pulls later.
   */
  serverSettings(): { severity: Record<string, string>; inlinePolicyOf: string; usage: Record<string, unknown> } {
    return { severity: this.severity, inlinePolicyOf: this.inlinePolicyOf, usage: this.usage };
  }
}
