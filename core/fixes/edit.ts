import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';
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

/** Edits that set (or, with `undefined`, remove) the value at a path, formatted like the rest of the document. */
export function setValue(text: string, path: JsonPath, value: unknown, options?: { insertAt?: number }): TextEdit[] {
  return modify(text, path, value, {
    formattingOptions: formattingOf(text),
    ...(options?.insertAt !== undefined ? { getInsertionIndex: () => options.insertAt! } : {}),
  });
}

/** Edits that remove the value at a path (an array item or an object property). */
export function removeValue(text: string, path: JsonPath): TextEdit[] {
  return setValue(text, path, undefined);
}

/** Applies offset edits to a text; used by the CLI and by tests. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return applyEdits(text, [...edits]);
}
