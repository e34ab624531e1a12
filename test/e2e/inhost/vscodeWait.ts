// Waiting on the vscode API's events (never on time).
import * as vscode from 'vscode';

/** Resolves with the document's Trailtight diagnostics once `accept` holds for them (checked now and on each change). */
export async function diagnosticsWhere(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'trailtight');
  return new Promise((resolve) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const current = ours();
      if (accept(current)) {
        subscription.dispose();
        resolve(current);
      }
    });
    const now = ours();
    if (accept(now)) {
      subscription.dispose();
      resolve(now);
    }
  });
}

/** The code of a diagnostic as a string (VS Code wraps it in `{ value, target }` when it has a docs link). */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object') return String(code.value);
  return code === undefined ? undefined : String(code);
}

/** The workspace's copy of a fixture file. */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the in-host tests need a workspace folder (test/e2e/workspace copy)');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}
