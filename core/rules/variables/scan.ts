import type { Node } from 'jsonc-parser';
import type { Span } from '../../policy/document';

/** What is wrong with one `${...}` in a string, if anything. */
export type VariableProblem = 'MISSING_BRACE_IN_VARIABLE' | 'EMPTY_VARIABLE' | 'UNSUPPORTED_SPACE_IN_VARIABLE' | 'MISSING_QUOTE_IN_VARIABLE';

/** One policy variable (or broken attempt at one) found in a string literal, with its span in the source text. */
export interface FoundVariable {
  readonly text: string;
  readonly span: Span;
  readonly problem: VariableProblem | undefined;
}

/**
 * Decodes the contents of a JSON string literal and records, for each decoded character, its offset in the source, so
 * spans stay exact when the literal contains escapes such as `\"` or `\u0024`.
 */
function decode(source: string, literal: Node): { value: string; offsets: number[] } {
  const start = literal.offset + 1;
  const end = literal.offset + literal.length - 1;
  let value = '';
  const offsets: number[] = [];
  for (let i = start; i < end; ) {
    offsets.push(i);
    const ch = source[i];
    if (ch !== '\\') {
      value += ch;
      i += 1;
      continue;
    }
    const next = source[i + 1];
    if (next === 'u') {
      value += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16) || 0);
      i += 6;
    } else {
      value += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[next ?? ''] ?? next ?? '';
      i += 2;
    }
  }
  offsets.push(end);
  return { value, offsets };
}

/** Special variables that stand for a literal `*`, `?` or `$`. */
const SPECIAL = new Set(['*', '?', '$']);

function problemOf(inner: string): VariableProblem | undefined {
  if (inner.trim() === '') return 'EMPTY_VARIABLE';
  if (SPECIAL.has(inner)) return undefined;
  const comma = inner.indexOf(',');
  const name = comma >= 0 ? inner.slice(0, comma) : inner;
  if (/\s/.test(name)) return 'UNSUPPORTED_SPACE_IN_VARIABLE';
  if (comma < 0) return undefined;
  // A default value is a single-quoted string in which '' stands for one quote: ${aws:username, 'nobody'}.
  const fallback = inner.slice(comma + 1).trim();
  return /^'([^']|'')*'$/.test(fallback) ? undefined : 'MISSING_QUOTE_IN_VARIABLE';
}

/** Cheap pre-check so the common string with no `$` costs one indexOf. */
export function mayHaveVariable(value: string): boolean {
  return value.includes('$');
}

/** The variables in a string literal node: `${...}`, a `${` never closed, and `$name:key}` missing its opening brace. */
export function scanVariables(source: string, literal: Node): FoundVariable[] {
  if (literal.type !== 'string' || !mayHaveVariable(literal.value as string)) return [];
  const { value, offsets } = decode(source, literal);
  const found: FoundVariable[] = [];
  const at = (from: number, to: number): Span => ({ offset: offsets[from]!, length: offsets[to]! - offsets[from]! });
  for (let i = value.indexOf('$'); i >= 0; i = value.indexOf('$', i + 1)) {
    if (value[i + 1] === '{') {
      const close = value.indexOf('}', i + 2);
      const nextOpen = value.indexOf('${', i + 2);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        const stop = nextOpen >= 0 ? nextOpen : value.length;
        found.push({ text: value.slice(i, stop), span: at(i, stop), problem: 'MISSING_BRACE_IN_VARIABLE' });
        continue;
      }
      found.push({ text: value.slice(i, close + 1), span: at(i, close + 1), problem: problemOf(value.slice(i + 2, close)) });
      i = close;
      continue;
    }
    const unopened = /^\$[A-Za-z][\w.-]*:[\w/.-]+\}/.exec(value.slice(i));
    if (unopened) {
      found.push({ text: unopened[0], span: at(i, i + unopened[0].length), problem: 'MISSING_BRACE_IN_VARIABLE' });
      i += unopened[0].length - 1;
    }
  }
  return found;
}
