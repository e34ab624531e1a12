import { lineIndex } from '../../core/language/positions';
import type { CheckedFile } from './checked';

/** The `--format json` contract: `{file, code, severity, message, range}` with 0-based LSP-style ranges. */
export function jsonReport(files: readonly CheckedFile[]): string {
  const rows = files.flatMap(({ file, text, findings }) => {
    const positionAt = lineIndex(text);
    return findings.map((f) => ({
      file,
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: { start: positionAt(f.span.offset), end: positionAt(f.span.offset + f.span.length) },
    }));
  });
  return `${JSON.stringify(rows, null, 2)}\n`;
}
