import type { Severity } from '../../core/findings/finding';
import { FINDINGS } from '../../core/findings/table';
import { lineIndex } from '../../core/language/positions';
import type { CheckedFile } from './checked';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** A SARIF 2.1.0 log whose rules are the findings table, for code-scanning dashboards. */
export function sarifReport(files: readonly CheckedFile[], version: string): string {
  const codes = [...FINDINGS.keys()];
  const index = new Map(codes.map((code, i) => [code, i]));
  const rules = codes.map((code) => {
    const info = FINDINGS.get(code)!;
    return {
      id: code,
      name: info.title,
      shortDescription: { text: info.title },
      helpUri: info.docs,
      defaultConfiguration: { level: LEVEL[info.severity] },
      properties: { group: info.group, origin: info.origin },
    };
  });
  const results = files.flatMap(({ file, text, findings }) => {
    const positionAt = lineIndex(text);
    return findings.map((f) => {
      const start = positionAt(f.span.offset);
      const end = positionAt(f.span.offset + f.span.length);
      return {
        ruleId: f.code,
        ruleIndex: index.get(f.code),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: file.split('\\').join('/') },
              region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
            },
          },
        ],
      };
    });
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'trailtight', version, rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
