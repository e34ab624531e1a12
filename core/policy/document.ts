import type { Node } from 'jsonc-parser';

/** The policy languages Trailtight understands. */
export type PolicyKind = 'identity' | 'scp' | 'rcp' | 'resource' | 'trust';

export const POLICY_KINDS: readonly PolicyKind[] = ['identity', 'scp', 'rcp', 'resource', 'trust'];

/** A JSON path from the document root, e.g. `['Statement', 0, 'Action', 2]`. */
export type JsonPath = (string | number)[];

/** A region of the source text. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** A property of an object: the key's node, the value's node, and where it lives. */
export interface Element {
  /** The key as written (may differ in case from the canonical element name). */
  readonly key: string;
  readonly keyNode: Node;
  readonly value: Node;
  readonly path: JsonPath;
  /** The strings of a string or array-of-strings value, built once at parse time (most rules ask for them). */
  readonly strings: readonly StringValue[];
}

/** A string found in an element whose value is a string or an array of strings. */
export interface StringValue {
  readonly value: string;
  readonly node: Node;
  readonly path: JsonPath;
}

/** The policy elements a statement may hold, spelled as AWS documents them. */
export const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;
export type StatementElementName = (typeof STATEMENT_ELEMENTS)[number];

/** One statement with its known elements looked up (case-insensitively, first occurrence wins). */
export interface Statement {
  readonly node: Node;
  /** Position in the `Statement` array, or undefined when `Statement` is a single object. */
  readonly index: number | undefined;
  readonly path: JsonPath;
  /** Every property, in source order, including unknown ones. */
  readonly properties: readonly Element[];
  readonly elements: Partial<Record<StatementElementName, Element>>;
}

/** A parsed policy: the JSON tree with spans, and the statements found in it. Never absent, even for broken JSON. */
export interface PolicyDocument {
  readonly text: string;
  /** The root of the JSON tree; undefined when the text holds no value at all or nesting is too deep. */
  readonly root: Node | undefined;
  /** Top-level properties, in source order. */
  readonly properties: readonly Element[];
  readonly version: Element | undefined;
  readonly id: Element | undefined;
  readonly statementElement: Element | undefined;
  readonly statements: readonly Statement[];
}
