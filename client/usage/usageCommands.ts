// The commands that compare a policy with observed usage: bind a policy to a principal, tighten it (with VS Code's
// refactor preview), generate a policy from usage, open the policies bound to a principal. The server computes;
// these handlers only ask the user, send the typed request and show the answer.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { parsePrincipalArn } from '../../core/usage/lastAccessedModel';
import {
  bindPrincipalRequest,
  boundPoliciesRequest,
  generatePolicyRequest,
  principalsRequest,
  tightenRequest,
  type PersistKindResult,
} from '../../server/protocol';
import type { Ctx } from '../ctx';
import { principalArnOf } from '../views/lastAccessedView';
import { bindingPicks, principalPicks } from './principalPicks';
import { planTighten, tightenSummary } from './tightenPlan';

/** What "Tighten to Observed Usage" did, for callers such as tests and scripts. */
export type TightenOutcome = 'applied' | 'discarded' | 'unchanged' | 'stale';

const NO_PRINCIPALS = 'the loaded usage history has no principals yet. Import CloudTrail logs or fetch recent events first.';

/** The URI a command was given (a string from a CodeLens, a Uri from a menu), else the active editor's. */
function documentUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg !== '') return vscode.Uri.parse(arg);
  return vscode.window.activeTextEditor?.document.uri;
}

const nameOf = (uri: vscode.Uri) => basename(uri.path) || uri.toString();

/** Asks for a principal of the loaded history; undefined when there is none or the user dismissed the pick. */
async function pickPrincipal(ctx: Ctx, title: string): Promise<string | undefined> {
  const principals = await ctx.client.sendRequest(principalsRequest, {});
  if (principals.length === 0) {
    void vscode.window.showInformationMessage(`Trailtight: ${NO_PRINCIPALS}`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(principalPicks(principals, Date.now()), {
    title,
    placeHolder: 'Which principal? (most recently active first)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.principal ?? undefined;
}

/** The principal a command was given (an ARN or a Last Accessed row), else the user's pick. */
export async function principalArgument(ctx: Ctx, arg: unknown, title: string): Promise<string | undefined> {
  return principalArnOf(arg) ?? (await pickPrincipal(ctx, title));
}

/**
 * "Trailtight: Bind Policy to Principal…", also run by the usage CodeLens with the document URI. A second argument
 * (an ARN or role name, or null to remove the binding) skips the pick, for scripts and tests.
 */
export function bindPolicy(ctx: Ctx) {
  return async (uriArgument?: unknown, principalArgument?: unknown): Promise<PersistKindResult | undefined> => {
    const uri = documentUri(uriArgument);
    if (!uri) {
      void vscode.window.showInformationMessage('Trailtight: open a policy file to bind it to a principal.');
      return undefined;
    }
    let principal: string | null;
    if (typeof principalArgument === 'string' || principalArgument === null) {
      principal = principalArgument;
    } else {
      const principals = await ctx.client.sendRequest(principalsRequest, {});
      const picked = await vscode.window.showQuickPick(bindingPicks(principals, Date.now()), {
        title: `Bind ${nameOf(uri)} to a Principal`,
        placeHolder: principals.length === 0 ? NO_PRINCIPALS : `Compare ${nameOf(uri)} with which principal's observed usage?`,
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (!picked) return undefined;
      principal = picked.principal;
    }
    const result = await ctx.client.sendRequest(bindPrincipalRequest, { uri: uri.toString(), principal });
    if (result.error) {
      void vscode.window.showErrorMessage(`Trailtight: ${result.error}`);
    } else if (result.bindingsFile === null) {
      void vscode.window.showWarningMessage(
        `Trailtight: ${nameOf(uri)} is outside every workspace folder, so it cannot be bound in .trailtight/bindings.json. Save it in the workspace first.`,
      );
    } else {
      ctx.output.info(`${principal === null ? 'Removed the binding of' : `Bound ${principal} to`} ${uri.fsPath} in ${result.bindingsFile}`);
    }
    return result;
  };
}

/** "Trailtight: Tighten to Observed Usage", also run by the usage CodeLens with the document URI. */
export function tighten(ctx: Ctx) {
  return async (uriArgument?: unknown): Promise<TightenOutcome | undefined> => {
    const uri = documentUri(uriArgument);
    if (!uri) {
      void vscode.window.showInformationMessage('Trailtight: open a policy file to tighten it.');
      return undefined;
    }
    // Opening syncs the document to the server, which computes on the text it holds.
    const document = await vscode.workspace.openTextDocument(uri);
    const client = ctx.client;
    const response = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Tightening ${nameOf(uri)}` },
      () => client.sendRequest(tightenRequest, { uri: uri.toString(), dropNotObservable: ctx.config.includeNotObservableInTighten }),
    );
    for (const note of response.notes) ctx.output.info(`Tighten ${nameOf(uri)}: ${note}`);
    const plan = planTighten(response, document.version, nameOf(uri));
    if (plan.kind !== 'preview') {
      const show = plan.kind === 'stale' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      showWithNotes(ctx, show, plan.message, response.notes.length);
      return plan.kind;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const entry of plan.entries) edit.replace(uri, client.protocol2CodeConverter.asRange(entry.range), entry.newText, entry.metadata);
    // needsConfirmation on every entry: VS Code shows its refactor preview with the changes unticked; the user ticks what
    // to apply (the file's box ticks all) and clicks Apply. Resolves false when nothing was applied.
    const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
    showWithNotes(ctx, vscode.window.showInformationMessage, tightenSummary(nameOf(uri), applied, plan.entries.length, response.notes), response.notes.length);
    return applied ? 'applied' : 'discarded';
  };
}

/** Shows a message without waiting for it; with several notes, "Show Notes" reveals them in the output. */
function showWithNotes(
  ctx: Ctx,
  show: (message: string, ...items: string[]) => Thenable<string | undefined>,
  message: string,
  notes: number,
): void {
  const shown = notes > 1 ? show(`Trailtight: ${message}`, 'Show Notes') : show(`Trailtight: ${message}`);
  void shown.then((choice) => {
    if (choice === 'Show Notes') ctx.output.show(true);
  });
}

/** "Trailtight: Generate Policy from Usage…": a new untitled JSON document granting what the principal was allowed. */
export function generatePolicy(ctx: Ctx) {
  return async (arg?: unknown): Promise<vscode.TextDocument | undefined> => {
    const principal = await principalArgument(ctx, arg, 'Generate Policy from Usage');
    if (!principal) return undefined;
    const response = await ctx.client.sendRequest(generatePolicyRequest, { principal });
    const name = parsePrincipalArn(principal).name;
    for (const note of response.notes) ctx.output.info(`Generate policy for ${principal}: ${note}`);
    if (response.actions.length === 0) {
      void vscode.window.showInformationMessage(
        `Trailtight: ${name} made no allowed call in the loaded history, so there is nothing to grant.` + (response.notes[0] ? ` ${response.notes[0]}` : ''),
      );
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: response.text });
    await vscode.window.showTextDocument(document, { preview: false });
    const count = response.actions.length;
    vscode.window.setStatusBarMessage(`Trailtight: generated a policy with ${count} ${count === 1 ? 'action' : 'actions'} used by ${name}`, 5000);
    return document;
  };
}

/** "Open Bound Policies": the workspace policy files compared with a principal. */
export function openBoundPolicies(ctx: Ctx) {
  return async (arg?: unknown): Promise<vscode.Uri[] | undefined> => {
    const principal = await principalArgument(ctx, arg, 'Open Bound Policies');
    if (!principal) return undefined;
    const files = (await ctx.client.sendRequest(boundPoliciesRequest, { principal })).map((uri) => vscode.Uri.parse(uri));
    if (files.length === 0) {
      void vscode.window.showInformationMessage(
        `Trailtight: no policy file in this workspace is bound to ${parsePrincipalArn(principal).name}. Open a policy and run "Trailtight: Bind Policy to Principal…".`,
      );
      return files;
    }
    for (const file of files) await vscode.window.showTextDocument(file, { preview: false, preserveFocus: file !== files[0] });
    return files;
  };
}
