import { getNodePath, type Node } from 'jsonc-parser';
import type { Catalog } from './catalog/catalog';
import type { Finding, Severity } from './findings/finding';
import { codeInfo } from './findings/table';
import type { JsonPath, PolicyDocument, PolicyKind, Span } from './policy/document';
import { inferKind } from './policy/kind';
import { parsePolicy } from './policy/parse';
import type { AttachedTo, FindingData, Rule, RuleContext } from './rules/rule';
import { RULES } from './rules';

/** Per-code severity overrides; `off` disables a code. */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

/** The severity of a code after overrides; undefined when the code is turned `off`. */
export function severityFor(code: string, overrides: SeverityOverrides): Severity | undefined {
  const override = overrides[code];
  if (override === 'off') return undefined;
  return override ?? codeInfo(code).severity;
}

/** Options for {@link validatePolicy}. */
export interface ValidateOptions {
  readonly catalog: Catalog;
  /** The kind from a binding or the user; inferred from the document and file name when absent. */
  readonly kind?: PolicyKind;
  readonly fileName?: string;
  readonly attachedTo?: AttachedTo;
  readonly overrides?: SeverityOverrides;
  /** Called when a rule throws, so the adapter can log it; the other rules still run. */
  readonly onRuleError?: (rule: string, error: unknown) => void;
}

/** The result of validating one policy. */
export interface Validation {
  readonly document: PolicyDocument;
  readonly kind: PolicyKind;
  readonly findings: Finding[];
}

/**
 * Beyond this many characters only syntax and size are checked: the largest AWS managed policy is ~152 KB and the
 * largest policy AWS accepts is 20 KB, so bigger input is not a policy anyone deploys and must not stall the editor.
 */
export const MAX_ANALYZED_LENGTH = 1_000_000;

/** Parses and checks a policy. Never throws; a rule that fails is reported through `onRuleError` and skipped. */
export function validatePolicy(text: string, options: ValidateOptions): Validation {
  const { document, problems } = parsePolicy(text);
  const kind = options.kind ?? inferKind(document, options.fileName);
  const findings: Finding[] = [];
  const overrides = options.overrides ?? {};
  const push = (code: string, span: Span, path: JsonPath, message: string, data?: FindingData) => {
    const severity = severityFor(code, overrides);
    if (!severity) return;
    findings.push(data ? { code, severity, message, span, path, data } : { code, severity, message, span, path });
  };
  for (const p of problems) push('JSON_SYNTAX_ERROR', { offset: p.offset, length: p.length }, [], p.message);

  const context: RuleContext = {
    document,
    kind,
    catalog: options.catalog,
    attachedTo: options.attachedTo ?? 'managed',
    report(code, at, message, data) {
      if (isNode(at)) push(code, { offset: at.offset, length: at.length }, getNodePath(at), message, data);
      else push(code, at.span, at.path, message, data);
    },
  };
  const tooLarge = text.length > MAX_ANALYZED_LENGTH;
  if (tooLarge) {
    push(
      'DOCUMENT_TOO_LARGE',
      { offset: 0, length: Math.min(text.length, 1) },
      [],
      `This document has ${text.length.toLocaleString('en-US')} characters; beyond ${MAX_ANALYZED_LENGTH.toLocaleString('en-US')} only syntax and size are checked.`,
    );
  }
  for (const rule of RULES) {
    if (rule.kinds && !rule.kinds.includes(kind)) continue;
    if (tooLarge && !rule.codes.every((c) => codeInfo(c).group === 'size')) continue;
    runRule(rule, context, options.onRuleError);
  }
  findings.sort((a, b) => a.span.offset - b.span.offset || a.code.localeCompare(b.code));
  return { document, kind, findings };
}

function runRule(rule: Rule, context: RuleContext, onError: ValidateOptions['onRuleError']): void {
  try {
    rule.check(context);
  } catch (error) {
    onError?.(rule.name, error);
  }
}

function isNode(at: unknown): at is Node {
  return typeof (at as Node).type === 'string' && typeof (at as Node).offset === 'number';
}

/** The rule that emits a code, for looking up its fixes. */
export function ruleForCode(code: string): Rule | undefined {
  return RULES.find((r) => r.codes.includes(code));
}
