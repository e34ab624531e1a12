// The VS Code extension: starts the Trailtight language server and wires its commands and status bar.
import * as vscode from 'vscode';
import { restartServer, setPolicyKind, showOutput } from './commands';
import { Ctx } from './ctx';
import { registerTrailFeatures } from './trail/register';
import { registerUsageFeatures } from './usage/register';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  ctx.registerCommand('trailtight.restartServer', restartServer);
  ctx.registerCommand('trailtight.setPolicyKind', setPolicyKind);
  ctx.registerCommand('trailtight.showOutput', showOutput);
  registerTrailFeatures(ctx, context);
  registerUsageFeatures(ctx, context);
  await ctx.start();
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
