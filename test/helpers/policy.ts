import { join } from 'node:path';
import { Catalog } from '../../core/catalog/catalog';
import { loadCatalog } from '../../core/catalog/load';
import type { Finding } from '../../core/findings/finding';
import type { PolicyKind } from '../../core/policy/document';
import { applyTextEdits } from '../../core/fixes/edit';
import { ruleForCode, validatePolicy, type ValidateOptions } from '../../core/validate';
import { parsePolicy } from '../../core/policy/parse';

let catalog: Catalog | undefined;

/** The real catalog, built by `npm run build` into dist/. */
export function testCatalog(): Catalog {
  catalog ??= loadCatalog(join(__dirname, '..', '..', 'dist'));
  return catalog;
}

/** Validates a policy given as an object or as text. */
export function check(
  policy: unknown,
  options: Partial<Omit<ValidateOptions, 'catalog'>> & { kind?: PolicyKind } = {},
): Finding[] {
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2);
  return validatePolicy(text, {
    catalog: testCatalog(),
    onRuleError: (rule, error) => {
      throw new Error(`rule ${rule} threw: ${String(error)}`);
    },
    ...options,
  }).findings;
}

/** The codes of the findings, in document order. */
export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

/** The source text a finding's span covers. */
export function spanText(text: string, finding: Finding): string {
  return text.slice(finding.span.offset, finding.span.offset + finding.span.length);
}

/** Finds the single finding with a code, failing loudly when there are none or several. */
export function only(findings: readonly Finding[], code: string): Finding {
  const matching = findings.filter((f) => f.code === code);
  if (matching.length !== 1) {
    throw new Error(`expected one ${code}, got ${matching.length}: ${JSON.stringify(findings.map((f) => f.code))}`);
  }
  return matching[0]!;
}

/** Applies the first (or the titled) fix of a finding and returns the new text. */
export function applyFix(text: string, finding: Finding, title?: string): string {
  const { document } = parsePolicy(text);
  const rule = ruleForCode(finding.code);
  const fixes = rule?.fixes?.({ document, code: finding.code, path: finding.path, data: finding.data, catalog: testCatalog() }) ?? [];
  const fix = title ? fixes.find((f) => f.title === title) : fixes[0];
  if (!fix) throw new Error(`no fix for ${finding.code}${title ? ` titled ${title}` : ''}`);
  return applyTextEdits(text, fix.edits);
}
