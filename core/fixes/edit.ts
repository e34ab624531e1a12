import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type Node, type ParseError } from 'jsonc-parser';
import type { TextEdit } from '../findings/finding';
import type { JsonPath } from '../policy/document';

/** Detects the indentation a document already uses, so edits keep the user's formatting. */
export function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

/**
 * Edits that set (or, with `undefined`, remove) the value at a path, formatted like the rest of the document.
 * jsonc-parser re-formats the whole lines an edit touches, so a one-line document would be spread over many lines:
 * there new values are written compactly instead. Its formatting pass can also garble a removal at the end of a
 * one-line array (`["a", "b"]` without "b" became `["a""]`), so a formatted edit that leaves the text less valid than
 * it was is replaced by the plain one.
 */
export function setValue(text: string, path: JsonPath, value: unknown, options?: { insertAt?: number }): TextEdit[] {
  const insertion = options?.insertAt !== undefined ? { getInsertionIndex: () => options.insertAt! } : {};
  const plain = modify(text, path, value, insertion);
  if (!/[\r\n]/.test(text)) return plain;
  const formatted = modify(text, path, value, { formattingOptions: formattingOf(text), ...insertion });
  return syntaxErrors(applyEdits(text, formatted)) > syntaxErrors(applyEdits(text, plain)) ? plain : formatted;
}

/**
 * Edits that remove the value at a path (an array item or an object property): the item and its separator go, and
 * nothing else of the document changes. jsonc-parser 3.3.1 cuts the last item of an array one character short
 * unless a line break precedes the `]` (`["a", "b"]` became `["a""]`), so that case is computed here.
 */
export function removeValue(text: string, path: JsonPath): TextEdit[] {
  const index = path[path.length - 1];
  if (typeof index === 'number') {
    const array = findNodeAtLocation(parseTree(text) ?? EMPTY, path.slice(0, -1));
    const items = array?.type === 'array' ? (array.children ?? []) : [];
    const item = items[index];
    const previous = items[index - 1];
    if (item && previous && index === items.length - 1) {
      const offset = previous.offset + previous.length;
      return [{ offset, length: item.offset + item.length - offset, content: '' }];
    }
  }
  return modify(text, path, undefined, {});
}

const EMPTY: Node = { type: 'null', offset: 0, length: 0 };

function syntaxErrors(text: string): number {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  return errors.length;
}

/** Applies offset edits to a text; used by the CLI and by tests. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return applyEdits(text, [...edits]);
}
