import Ajv, { type ValidateFunction } from 'ajv';
import { modify, parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import schema from '../../schemas/bindings.schema.json';
import type { TextEdit } from '../findings/finding';
import { formattingOf, removeValue, setValue } from '../fixes/edit';
import type { PolicyKind } from '../policy/document';
import { matchesGlob } from './glob';

/** Where bindings live, relative to the workspace root. */
export const BINDINGS_FILE = '.trailtight/bindings.json';

/** One entry of `.trailtight/bindings.json`: which files it covers, and their principal and kind. */
export interface Binding {
  /** A relative path or glob, `/`-separated, from the workspace root. */
  readonly path: string;
  readonly principal?: string;
  readonly kind?: PolicyKind;
  /** The S3 bucket a bucket policy is attached to (name or `arn:aws:s3:::name`); usage is judged on it, not on its `Resource`. */
  readonly bucket?: string;
}

/** The bindings of a workspace, or why the file was ignored. */
export interface BindingsResult {
  readonly bindings: readonly Binding[];
  /** Names the file and what is wrong; the bindings are then empty. */
  readonly error?: string;
}

// Compiling the schema costs tens of milliseconds; a server starting on a workspace without bindings never needs it.
let compiled: ValidateFunction<{ bindings: Binding[] }> | undefined;
function schemaValidator(): ValidateFunction<{ bindings: Binding[] }> {
  compiled ??= new Ajv({ allErrors: true }).compile<{ bindings: Binding[] }>(schema);
  return compiled;
}

/** Reads the text of a bindings file; `fileLabel` names it in the error message. Never throws. */
export function parseBindings(text: string, fileLabel: string): BindingsResult {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const syntax = errors[0];
  if (syntax) {
    const where = lineColumn(text, syntax.offset);
    return {
      bindings: [],
      error: `${fileLabel}:${where}: invalid JSON (${printParseErrorCode(syntax.error)}); bindings are ignored until it is fixed.`,
    };
  }
  const validateSchema = schemaValidator();
  if (!validateSchema(value)) {
    const problems = (validateSchema.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
    return {
      bindings: [],
      error: `${fileLabel}: ${problems.join('; ')}. See schemas/bindings.schema.json; bindings are ignored until it is fixed.`,
    };
  }
  return { bindings: value.bindings };
}

/** The first binding whose path or glob matches a workspace-relative path. */
export function bindingFor(bindings: readonly Binding[], relativePath: string): Binding | undefined {
  return bindings.find((b) => matchesGlob(b.path, relativePath));
}

/**
 * Edits to a bindings file that make `relativePath` use `kind`, keeping the file's formatting: an exact entry for the
 * path is updated, otherwise one is inserted first (so it wins over globs), keeping the principal a glob gave it.
 * An empty text gets a whole new file. Returns an error when the file is not valid bindings.
 */
export function bindingKindEdits(
  text: string,
  relativePath: string,
  kind: PolicyKind,
): { edits: TextEdit[] } | { error: string } {
  const path = relativePath.replace(/\\/g, '/');
  if (text.trim() === '') {
    const content = `${JSON.stringify({ bindings: [{ path, kind }] }, null, 2)}\n`;
    return { edits: [{ offset: 0, length: text.length, content }] };
  }
  const parsed = parseBindings(text, BINDINGS_FILE);
  if (parsed.error) return { error: parsed.error };
  const exact = parsed.bindings.findIndex((b) => b.path.replace(/^\.\//, '') === path);
  if (exact >= 0) return { edits: setValue(text, ['bindings', exact, 'kind'], kind) };
  const principal = bindingFor(parsed.bindings, path)?.principal;
  const entry: Binding = principal ? { path, principal, kind } : { path, kind };
  return { edits: modify(text, ['bindings', 0], entry, { formattingOptions: formattingOf(text), isArrayInsertion: true }) };
}

/**
 * Edits to a bindings file that compare `relativePath` with `principal` (an ARN, role name or, for SCPs, an account
 * ID), keeping the file's formatting: an exact entry is updated, otherwise one is inserted first, keeping the kind a
 * glob gave it. A null principal removes the exact entry's principal (and the entry when nothing else is left), or
 * inserts an entry without one so a glob's principal no longer applies. An empty text gets a whole new file.
 */
export function bindingPrincipalEdits(
  text: string,
  relativePath: string,
  principal: string | null,
): { edits: TextEdit[] } | { error: string } {
  const path = relativePath.replace(/\\/g, '/');
  if (text.trim() === '') {
    if (principal === null) return { edits: [] };
    const content = `${JSON.stringify({ bindings: [{ path, principal }] }, null, 2)}\n`;
    return { edits: [{ offset: 0, length: text.length, content }] };
  }
  const parsed = parseBindings(text, BINDINGS_FILE);
  if (parsed.error) return { error: parsed.error };
  const exact = parsed.bindings.findIndex((b) => b.path.replace(/^\.\//, '') === path);
  const current = parsed.bindings[exact];
  if (current) {
    if (principal !== null) return { edits: setValue(text, ['bindings', exact, 'principal'], principal) };
    if (current.kind === undefined) return { edits: removeValue(text, ['bindings', exact]) };
    return { edits: removeValue(text, ['bindings', exact, 'principal']) };
  }
  const inherited = bindingFor(parsed.bindings, path);
  if (principal === null && inherited?.principal === undefined) return { edits: [] };
  const kind = inherited?.kind;
  const entry: Binding = { path, ...(principal !== null ? { principal } : {}), ...(kind ? { kind } : {}) };
  return { edits: modify(text, ['bindings', 0], entry, { formattingOptions: formattingOf(text), isArrayInsertion: true }) };
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}
