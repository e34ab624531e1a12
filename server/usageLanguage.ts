// The usage half of the editor features: the comparison CodeLens, hover evidence, and the Tighten edit.
import type { CodeLens, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { locate } from '../core/language/locate';
import { bucketEvidence } from '../core/usage/bucketScope';
import { usageEvidence } from '../core/usage/evidence';
import { day } from '../core/usage/observability';
import { actionLiterals } from '../core/usage/statements';
import { tightenPolicy } from '../core/usage/tighten';
import type { Analysis } from './analysis';
import type { Comparison } from './comparison';
import { BIND_PRINCIPAL_COMMAND, TIGHTEN_COMMAND, type TightenResponse } from './protocol';
import { toTextEdits } from './ranges';

const FIRST_LINE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The text of the comparison lens: what the policy is compared with and over which history, or why it is not. */
export function comparisonTitle(comparison: Comparison): string | undefined {
  if (comparison.state === 'none') return undefined;
  if (comparison.state === 'notCompared') return `Not compared with usage: ${comparison.reason}`;
  const { window, subject } = comparison;
  if (window.insufficient) return `Compared with ${subject} · not judged: ${window.insufficient}`;
  const accounts = `${window.accounts.length} account${window.accounts.length === 1 ? '' : 's'}`;
  const history = window.from !== undefined && window.to !== undefined ? ` · history ${day(window.from)} → ${day(window.to)}` : '';
  return `Compared with ${subject}${history} · ${accounts}`;
}

/**
 * The usage lenses on the first line: the comparison (plain text), "Change…" to bind the policy to another principal
 * (identity policies and SCPs) and "Tighten" when the policy is compared over a sufficient history.
 */
export function usageLenses(uri: string, analysis: Analysis): CodeLens[] {
  const { comparison } = analysis;
  const title = comparisonTitle(comparison);
  if (!title) return [];
  const kind = analysis.validation.kind;
  const lenses: CodeLens[] = [{ range: FIRST_LINE, command: { title, command: '' } }];
  const canBind = comparison.state === 'notCompared' ? comparison.canBind : kind === 'identity' || kind === 'scp';
  if (canBind) lenses.push({ range: FIRST_LINE, command: { title: 'Change…', command: BIND_PRINCIPAL_COMMAND, arguments: [uri] } });
  const tightens = kind === 'identity' || kind === 'resource';
  if (comparison.state === 'compared' && !comparison.window.insufficient && tightens) {
    lenses.push({ range: FIRST_LINE, command: { title: 'Tighten', command: TIGHTEN_COMMAND, arguments: [uri] } });
  }
  return lenses;
}

/**
 * Hover evidence for the `Action` string at an offset of an identity policy bound to a principal, or of a bucket
 * policy (its statement's principals on its bucket).
 */
export function usageHoverAt(analysis: Analysis, offset: number): string | undefined {
  const { comparison, validation } = analysis;
  if (comparison.state !== 'compared' || (validation.kind !== 'identity' && validation.kind !== 'resource')) return undefined;
  const location = locate(validation.document, offset);
  if (location?.type !== 'action') return undefined;
  const literal = actionLiterals(location.statement).find((l) => l.node === location.node);
  if (!literal) return undefined;
  if (validation.kind === 'identity') return usageEvidence(literal.value, comparison.binding, comparison.context);
  return bucketEvidence(validation.document, location.statement, literal.value, comparison.binding, comparison.context);
}

/** The Tighten edits of a document as LSP edits on its current version, with notes; no edits when not compared. */
export function tightenDocument(document: TextDocument, analysis: Analysis | undefined, dropNotObservable: boolean): TightenResponse {
  const unchanged = (note: string): TightenResponse => ({ edits: [], version: document.version, notes: [note] });
  if (!analysis) return unchanged('Nothing was tightened: the document is not a policy.');
  const { comparison, validation } = analysis;
  if (comparison.state === 'none') {
    return unchanged(`Nothing was tightened: ${validation.kind} policies are not compared with usage, or the history is still loading.`);
  }
  if (comparison.state === 'notCompared') return unchanged(`Nothing was tightened: ${comparison.reason}.`);
  const result = tightenPolicy(document.getText(), validation.kind, comparison.binding, comparison.context, { keepNotObservable: !dropNotObservable });
  const edits: TextEdit[] = toTextEdits(document, result.edits);
  return { edits, labels: result.labels, version: document.version, notes: result.notes };
}
