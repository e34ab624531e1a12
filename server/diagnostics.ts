import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from '../core/findings/finding';
import { codeInfo } from '../core/findings/table';
import type { JsonPath } from '../core/policy/document';
import type { FindingData } from '../core/rules/rule';
import { spanToRange } from './ranges';

/** What a diagnostic carries for its code actions: the finding's JSON path and data. */
export interface DiagnosticData {
  readonly path: JsonPath;
  readonly data?: FindingData;
}

/** Editors slow down with tens of thousands of markers; nobody reads past the first few hundred. */
export const MAX_DIAGNOSTICS = 1_000;

export const SOURCE = 'trailtight';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** One finding as an LSP diagnostic, with the docs link and the data its quick fixes need. */
export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  const data: DiagnosticData = { path: finding.path, data: finding.data };
  return {
    range: spanToRange(document, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: codeInfo(finding.code).docs },
    source: SOURCE,
    message: finding.message,
    data,
  };
}

/** The diagnostics of a document's findings, capped at {@link MAX_DIAGNOSTICS}. */
export function toDiagnostics(document: TextDocument, findings: readonly Finding[]): Diagnostic[] {
  return findings.slice(0, MAX_DIAGNOSTICS).map((f) => toDiagnostic(document, f));
}
