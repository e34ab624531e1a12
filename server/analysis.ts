import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog/catalog';
import type { Settings } from '../core/config/settings';
import { isPolicyFile } from '../core/policy/kind';
import { validatePolicy, type Validation } from '../core/validate';
import type { WorkspaceKinds } from './kinds';
import type { KindSource } from './protocol';

/** What the server needs to validate a document. */
export interface AnalysisContext {
  readonly catalog: Catalog;
  readonly settings: Settings;
  readonly kinds: WorkspaceKinds;
  readonly onRuleError: (rule: string, error: unknown) => void;
}

/** A validated policy document with where its kind came from; undefined for JSON that is not a policy. */
export interface Analysis {
  readonly validation: Validation;
  readonly kindSource: KindSource;
}

/** Validates a document if it is a policy. Parses once: the validation's document also answers "is it a policy". */
export function analyze(document: TextDocument, context: AnalysisContext): Analysis | undefined {
  const resolved = context.kinds.resolve(document.uri);
  const validation = validatePolicy(document.getText(), {
    catalog: context.catalog,
    ...(resolved.kind ? { kind: resolved.kind } : {}),
    fileName: resolved.fileName,
    attachedTo: context.settings.inlinePolicyOf,
    overrides: context.settings.severity,
    onRuleError: context.onRuleError,
  });
  if (!isPolicyFile(validation.document, resolved.fileName)) return undefined;
  return { validation, kindSource: resolved.source };
}
