import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Fix } from '../core/findings/finding';
import type { FindingData } from '../core/rules/rule';
import { usageFixes } from '../core/usage/fixes';
import { ruleForCode } from '../core/validate';
import type { Analysis, AnalysisContext } from './analysis';
import { SOURCE, type DiagnosticData } from './diagnostics';
import { toTextEdits } from './ranges';

/** The codes whose fixes come from observed usage rather than from a validation rule. */
const USAGE_CODES = new Set(['UNUSED_ACTION', 'UNUSED_WILDCARD', 'NOT_OBSERVABLE', 'DENIED_IN_TRAIL', 'SCP_BLOCKS_OBSERVED']);

/**
 * Quick fixes for the Trailtight diagnostics in a request, from each diagnostic's code and path. The finding is
 * looked up again in the current text (by code and path) and skipped if it is gone, so a diagnostic made for an
 * older version of the document never yields an edit computed from stale data.
 */
export function codeActions(
  document: TextDocument,
  params: CodeActionParams,
  context: AnalysisContext,
  analysis: Analysis | undefined,
  onStale: (message: string) => void = () => undefined,
): CodeAction[] {
  const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');
  if (ours.length === 0 || !analysis) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of ours) {
    const fixes = fixesFor(diagnostic, analysis, context);
    if (fixes === undefined) {
      onStale(`No fixes for ${String(diagnostic.code)} at ${JSON.stringify((diagnostic.data as DiagnosticData | undefined)?.path)}: it is not in version ${document.version} of ${document.uri}.`);
      continue;
    }
    for (const fix of fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred ?? false,
        edit: { changes: { [document.uri]: toTextEdits(document, fix.edits) } },
      });
    }
  }
  return actions;
}

/** The fixes of a diagnostic from the current analysis; undefined when its finding is no longer there (stale). */
function fixesFor(diagnostic: Diagnostic, analysis: Analysis, context: AnalysisContext): Fix[] | undefined {
  const code = diagnostic.code as string;
  const { validation } = analysis;
  if (USAGE_CODES.has(code)) {
    const current = currentFinding(diagnostic, analysis.usage);
    return current ? usageFixes(validation.document, { code, ...current }, analysis.usage) : undefined;
  }
  const rule = ruleForCode(code);
  if (!rule?.fixes) return [];
  const current = currentFinding(diagnostic, validation.findings);
  if (!current) return undefined;
  return rule.fixes({ document: validation.document, code, path: current.path, data: current.data, catalog: context.catalog });
}

function currentFinding(
  diagnostic: Diagnostic,
  findings: readonly { code: string; path: readonly (string | number)[]; data?: FindingData }[],
): { path: (string | number)[]; data: FindingData | undefined } | undefined {
  const stored = diagnostic.data as DiagnosticData | undefined;
  if (!stored || !Array.isArray(stored.path)) return undefined;
  const key = JSON.stringify(stored.path);
  const fresh = findings.find((f) => f.code === diagnostic.code && JSON.stringify(f.path) === key);
  return fresh ? { path: [...fresh.path], data: fresh.data } : undefined;
}
