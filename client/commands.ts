import * as vscode from 'vscode';
import { POLICY_KINDS, type PolicyKind } from '../core/policy/document';
import { kindName } from '../core/language/kindLabel';
import { kindOverrideNotification, persistKindRequest } from '../server/protocol';
import type { Ctx } from './ctx';

const KIND_DETAIL: Record<PolicyKind, string> = {
  identity: 'Attached to a user, group or role',
  scp: 'Service control policy (AWS Organizations)',
  rcp: 'Resource control policy (AWS Organizations)',
  resource: 'Attached to a resource, e.g. an S3 bucket policy',
  trust: 'A role trust policy (who may assume the role)',
};

/** "Trailtight: Restart Server". */
export function restartServer(ctx: Ctx) {
  return async () => {
    await ctx.start();
  };
}

/** "Trailtight: Show Output". */
export function showOutput(ctx: Ctx) {
  return () => ctx.output.show();
}

/**
 * "Trailtight: Set Policy Kind…", also run by the CodeLens with the document URI. Files inside a workspace folder get
 * the kind recorded in `.trailtight/bindings.json`; other documents keep it for the session.
 */
export function setPolicyKind(ctx: Ctx) {
  return async (uriArgument?: unknown) => {
    const uri = typeof uriArgument === 'string' ? vscode.Uri.parse(uriArgument) : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Trailtight: open a policy file to set its kind.');
      return;
    }
    const current = ctx.statusOf(uri)?.kind;
    const picked = await vscode.window.showQuickPick(
      POLICY_KINDS.map((kind) => ({ label: kindName(kind), description: kind === current ? 'current' : undefined, detail: KIND_DETAIL[kind], policyKind: kind })),
      { title: 'Policy kind', placeHolder: 'Which kind of policy is this?' },
    );
    if (!picked) return;
    const client = ctx.client;
    if (uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(uri)) {
      const result = await client.sendRequest(persistKindRequest, { uri: uri.toString(), kind: picked.policyKind });
      if (result.error) void vscode.window.showErrorMessage(`Trailtight: ${result.error}`);
      else if (result.bindingsFile) ctx.output.info(`Recorded ${picked.policyKind} for ${uri.fsPath} in ${result.bindingsFile}`);
      return;
    }
    await client.sendNotification(kindOverrideNotification, { uri: uri.toString(), kind: picked.policyKind });
  };
}
