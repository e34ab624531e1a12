import type { Node } from 'jsonc-parser';
import type { Element, JsonPath, StringValue } from './document';

/**
 * The strings of an element whose value is a string or an array of strings. Items of other types are skipped
 * (the grammar rules report them). Computed once per parse: the array is shared, do not change it.
 */
export function stringValues(element: Element | undefined): readonly StringValue[] {
  return element ? element.strings : NONE;
}

const NONE: readonly StringValue[] = [];

/** The strings of a node that is a string or an array of strings. */
export function stringsOf(node: Node, path: JsonPath): StringValue[] {
  if (node.type === 'string') return [{ value: node.value as string, node, path }];
  if (node.type !== 'array') return [];
  const out: StringValue[] = [];
  (node.children ?? []).forEach((child, i) => {
    if (child.type === 'string') out.push({ value: child.value as string, node: child, path: [...path, i] });
  });
  return out;
}

/** The span of the contents of a string literal, without its quotes. */
export function innerSpan(node: Node): { offset: number; length: number } {
  return node.type === 'string' && node.length >= 2
    ? { offset: node.offset + 1, length: node.length - 2 }
    : { offset: node.offset, length: node.length };
}
