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

  /** The settings the server validates with, sent at start so the first diagnostics already honour them. */
  serverSettings(): { severity: Record<string, string>; inlinePolicyOf: string } {
    return { severity: this.severity, inlinePolicyOf: this.inlinePolicyOf };
  }
}
