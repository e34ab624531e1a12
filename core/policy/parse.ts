import { ParseErrorCode, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Element, JsonPath, PolicyDocument, Statement, StatementElementName } from './document';
import { STATEMENT_ELEMENTS } from './document';
import { stringsOf } from './values';

/** A problem found while reading the JSON itself. */
export interface SyntaxProblem {
  readonly kind: 'syntax' | 'too-deep';
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

/** Deeper than any real policy (they nest 5 levels); bounds the parser's recursion on hostile input. */
export const MAX_NESTING = 64;

const CANONICAL = new Map(STATEMENT_ELEMENTS.map((name) => [name.toLowerCase(), name]));

/**
 * Parses policy JSON into a document with a span on every node. Comments and trailing commas are reported, because
 * AWS rejects them, but parsed past so the rest of the policy is still checked. Never throws: syntax errors come back
 * as problems next to whatever tree could be recovered.
 */
export function parsePolicy(text: string): { document: PolicyDocument; problems: SyntaxProblem[] } {
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined) {
    const problem: SyntaxProblem = {
      kind: 'too-deep',
      message: `JSON nests deeper than ${MAX_NESTING} levels; no policy does. The document was not analyzed.`,
      offset: tooDeep,
      length: 1,
    };
    return { document: emptyDocument(text), problems: [problem] };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const problems = errors.map(
    (e): SyntaxProblem => ({ kind: 'syntax', message: describe(e), offset: e.offset, length: Math.max(e.length, 1) }),
  );
  return { document: buildDocument(text, root), problems };
}

function describe(error: ParseError): string {
  if (error.error === ParseErrorCode.InvalidCommentToken) return 'AWS does not accept comments in policy JSON: remove it.';
  const name = printParseErrorCode(error.error);
  const readable = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `Invalid JSON: ${readable}.`;
}

// A character loop rather than jsonc-parser's scanner: it runs on every keystroke before the real parse, and
// tokenizing the whole text twice cost as much as the parse itself. Strings and comments are skipped as the scanner
// skips them (an unterminated string ends at the line break).
function findExcessiveNesting(text: string): number | undefined {
  if (!hasManyBrackets(text)) return undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) i = stringEnd(text, i + 1);
    else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) i = lineEnd(text, i);
    else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_NESTING) return i;
    } else if ((c === 125 /* } */ || c === 93) /* ] */ && depth > 0) depth--;
  }
  return undefined;
}

/** Whether the text has more opening brackets than the nesting limit (policies have a few dozen); indexOf is native. */
function hasManyBrackets(text: string): boolean {
  let count = 0;
  for (const open of ['{', '[']) {
    for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, i + 1)) if (++count > MAX_NESTING) return true;
  }
  return false;
}

/** The offset of the quote closing a string whose contents start at `from` (or of the line break ending it). */
function stringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \\ */) i++;
    else if (c === 34 || c === 10 || c === 13) return i;
  }
  return text.length;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

function emptyDocument(text: string): PolicyDocument {
  return {
    text,
    root: undefined,
    properties: [],
    version: undefined,
    id: undefined,
    statementElement: undefined,
    statements: [],
  };
}

/** The properties of an object node, in source order, with their paths. */
export function propertiesOf(node: Node | undefined, path: JsonPath): Element[] {
  if (node?.type !== 'object') return [];
  const out: Element[] = [];
  for (const prop of node.children ?? []) {
    const [keyNode, value] = prop.children ?? [];
    if (!keyNode || !value || typeof keyNode.value !== 'string') continue;
    const elementPath = [...path, keyNode.value];
    out.push({ key: keyNode.value, keyNode, value, path: elementPath, strings: stringsOf(value, elementPath) });
  }
  return out;
}

function first(props: readonly Element[], name: string): Element | undefined {
  const lower = name.toLowerCase();
  return props.find((p) => p.key.toLowerCase() === lower);
}

function buildDocument(text: string, root: Node | undefined): PolicyDocument {
  const properties = propertiesOf(root, []);
  const statementElement = first(properties, 'Statement');
  const statements: Statement[] = [];
  const value = statementElement?.value;
  if (value?.type === 'object') {
    statements.push(buildStatement(value, undefined, statementElement!.path));
  } else if (value?.type === 'array') {
    (value.children ?? []).forEach((child, i) => {
      if (child.type === 'object') statements.push(buildStatement(child, i, [...statementElement!.path, i]));
    });
  }
  return {
    text,
    root,
    properties,
    version: first(properties, 'Version'),
    id: first(properties, 'Id'),
    statementElement,
    statements,
  };
}

function buildStatement(node: Node, index: number | undefined, path: JsonPath): Statement {
  const properties = propertiesOf(node, path);
  const elements: Partial<Record<StatementElementName, Element>> = {};
  for (const prop of properties) {
    const name = CANONICAL.get(prop.key.toLowerCase());
    if (name && !elements[name]) elements[name] = prop;
  }
  return { node, index, path, properties, elements };
}
