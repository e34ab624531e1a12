import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog/catalog';
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/findings/finding';
import { isPolicyFile } from '../core/policy/kind';
import { usageFindings } from '../core/usage/usageFindings';
import { validatePolicy, type Validation } from '../core/validate';
import { compare, type Comparison } from './comparison';
import type { DocumentKind, WorkspaceKinds } from './kinds';
import type { KindSource } from './protocol';
import type { WorkspaceUsage } from './usage';

/** What the server needs to validate a document. */
export interface AnalysisContext {
  readonly catalog: Catalog;
  readonly settings: Settings;
  readonly kinds: WorkspaceKinds;
  /** The workspace's observed usage; usage findings are added once it is loaded. */
  readonly usage: WorkspaceUsage;
  /** Epoch milliseconds: the end of the usage window. */
  readonly now: number;
  readonly onRuleError: (rule: string, error: unknown) => void;
}

/** A validated policy document with where its kind came from; undefined for JSON that is not a policy. */
export interface Analysis {
  readonly validation: Validation;
  readonly kindSource: KindSource;
  readonly resolved: DocumentKind;
  readonly comparison: Comparison;
  /** The usage findings (empty when the document is not compared with usage), sorted by position. */
  readonly usage: Finding[];
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
  const comparison = compare(resolved, validation.kind, validation.document, context);
  let usage: Finding[] = [];
  if (comparison.state === 'compared') {
    try {
      usage = usageFindings(validation.document, validation.kind, comparison.binding, comparison.context);
    } catch (error) {
      context.onRuleError('usage', error);
    }
  }
  return { validation, kindSource: resolved.source, resolved, comparison, usage };
}

/** Validation and usage findings together, in document order. */
export function allFindings(analysis: Analysis): Finding[] {
  if (analysis.usage.length === 0) return analysis.validation.findings;
  return [...analysis.validation.findings, ...analysis.usage].sort((a, b) => a.span.offset - b.span.offset || a.code.localeCompare(b.code));
}
