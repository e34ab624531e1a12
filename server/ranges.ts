// The only place where core's offsets become LSP positions and back.
import type { Position, Range, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit as OffsetEdit } from '../core/findings/finding';
import type { Span } from '../core/policy/document';

/** The LSP range of a span of a document. */
export function spanToRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.offset), end: document.positionAt(span.offset + span.length) };
}

/** The offset of an LSP position. */
export function offsetAt(document: TextDocument, position: Position): number {
  return document.offsetAt(position);
}

/** Core's offset edits as LSP text edits. */
export function toTextEdits(document: TextDocument, edits: readonly OffsetEdit[]): TextEdit[] {
  return edits.map((e) => ({ range: spanToRange(document, e), newText: e.content }));
}
