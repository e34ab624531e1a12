// In-host API tests on a broken policy: activation, diagnostics with codes and ranges, and a quick fix.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from './harness';
import { codeOf, diagnosticsWhere, workspaceFile } from './vscodeWait';

const EXTENSION_ID = 'trailtight.trailtight';
const POLICY = 'policies/read-reports.json';
const hasCode = (code: string) => (diagnostics: vscode.Diagnostic[]) => diagnostics.some((d) => codeOf(d) === code);

test('the extension activates when a policy file opens', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const document = await vscode.workspace.openTextDocument(workspaceFile(POLICY));
  await vscode.window.showTextDocument(document);
  // Diagnostics from our server prove activation by the policy file (onLanguage:json), not by this test.
  await diagnosticsWhere(document.uri, (d) => d.length > 0);
  assert.equal(extension.isActive, true);
  const commands = await vscode.commands.getCommands(true);
  assert.ok(commands.includes('trailtight.restartServer'), 'trailtight.restartServer is registered');
});

test('diagnostics carry the code, severity and the exact range', async () => {
  const document = await vscode.workspace.openTextDocument(workspaceFile(POLICY));
  const diagnostics = await diagnosticsWhere(document.uri, (d) => hasCode('INVALID_EFFECT')(d) && hasCode('MISSING_VERSION')(d));
  const effect = diagnostics.find((d) => codeOf(d) === 'INVALID_EFFECT');
  assert.ok(effect);
  assert.equal(effect.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(document.getText(effect.range), '"allow"');
  const version = diagnostics.find((d) => codeOf(d) === 'MISSING_VERSION');
  assert.equal(version?.severity, vscode.DiagnosticSeverity.Warning);
});

test('the INVALID_EFFECT quick fix repairs the document', async () => {
  const document = await vscode.workspace.openTextDocument(workspaceFile(POLICY));
  const [effect] = (await diagnosticsWhere(document.uri, hasCode('INVALID_EFFECT'))).filter((d) => codeOf(d) === 'INVALID_EFFECT');
  assert.ok(effect);
  // No kind filter here: VS Code cancels an in-flight code action request whenever the code action provider registry
  // changes and the request's (kind-filtered) providers differ from all of the document's providers, so with a
  // QuickFix filter any provider registered anywhere meanwhile (the built-in JSON server's source action provider
  // while it starts, under load) silently empties the answer. We filter by kind ourselves.
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, effect.range);
  const fix = actions.find((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value && a.title === 'Change to "Allow"');
  const asked = { range: effect.range, data: (effect as { data?: unknown }).data, all: vscode.languages.getDiagnostics(document.uri).map(codeOf) };
  assert.ok(fix?.edit, `a "Change to \\"Allow\\"" quick fix among [${actions.map((a) => `${a.kind?.value ?? '?'} ${a.title}`).join(', ')}] for ${JSON.stringify(asked)}`);
  assert.equal(fix.isPreferred, true);
  assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
  assert.match(document.getText(), /"Effect": "Allow"/);
  await diagnosticsWhere(document.uri, (d) => !hasCode('INVALID_EFFECT')(d) && hasCode('MISSING_VERSION')(d));
  // Leave the copy as it was on disk for whoever reads it next.
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('a settings change applies without a reload: a severity set to off drops the code', async () => {
  const document = await vscode.workspace.openTextDocument(workspaceFile(POLICY));
  await vscode.window.showTextDocument(document);
  await diagnosticsWhere(document.uri, hasCode('MISSING_VERSION'));
  const config = vscode.workspace.getConfiguration('trailtight');
  await config.update('severity', { MISSING_VERSION: 'off' }, vscode.ConfigurationTarget.Workspace);
  try {
    const diagnostics = await diagnosticsWhere(document.uri, (d) => !hasCode('MISSING_VERSION')(d) && hasCode('INVALID_EFFECT')(d));
    assert.ok(diagnostics.length > 0);
  } finally {
    await config.update('severity', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await diagnosticsWhere(document.uri, hasCode('MISSING_VERSION'));
});

test('a crashed language server is restarted and validates again', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const document = await vscode.workspace.openTextDocument(workspaceFile(POLICY));
  const editor = await vscode.window.showTextDocument(document);
  await diagnosticsWhere(document.uri, hasCode('INVALID_EFFECT'));
  const [pid, ...others] = serverProcesses(extension.extensionPath);
  assert.ok(pid !== undefined && others.length === 0, `one server process, found ${[pid, ...others].join(', ')}`);
  process.kill(pid, 'SIGKILL');
  // Only a live server can answer this edit: MISSING_VERSION goes once a Version is there.
  await editor.edit((edit) => edit.insert(document.positionAt(1), '\n  "Version": "2012-10-17",'));
  await diagnosticsWhere(document.uri, (d) => hasCode('INVALID_EFFECT')(d) && !hasCode('MISSING_VERSION')(d));
  const [restarted] = serverProcesses(extension.extensionPath);
  assert.ok(restarted !== undefined && restarted !== pid, `a new server process (was ${pid}, now ${restarted})`);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

/** The pids of the processes running this extension's dist/server.js (Linux /proc, as on the CI machines). */
function serverProcesses(extensionPath: string): number[] {
  const script = join(extensionPath, 'dist', 'server.js');
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(script);
      } catch {
        return false; // the process ended while we looked
      }
    })
    .map(Number);
}
