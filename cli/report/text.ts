import { lineIndex } from '../../core/language/positions';
import type { CheckedFile } from './checked';

/** `file:line:col: severity CODE message` lines (1-based) and a one-line summary. */
export function textReport(files: readonly CheckedFile[]): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const { file, text, findings } of files) {
    const positionAt = lineIndex(text);
    for (const f of findings) {
      const { line, character } = positionAt(f.span.offset);
      lines.push(`${file}:${line + 1}:${character + 1}: ${f.severity} ${f.code} ${f.message}`);
      counts[f.severity]++;
    }
  }
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.info + counts.hint, 'suggestion')];
  lines.push(`${parts.join(', ')} in ${plural(files.length, 'policy file')}.`);
  return `${lines.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
