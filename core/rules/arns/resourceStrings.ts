import type { Span, Statement, StringValue } from '../../policy/document';
import { stringValues } from '../../policy/values';

/** The strings of a statement's Resource and NotResource elements, in source order. */
export function resourceStrings(statement: Statement): StringValue[] {
  return [...stringValues(statement.elements.Resource), ...stringValues(statement.elements.NotResource)];
}

/**
 * The span of `length` characters at `offset` inside a string literal's value, or the whole literal when the
 * literal holds escapes (then value offsets and source offsets differ).
 */
export function spanInside(resource: StringValue, offset: number, length: number): Span {
  const { node, value } = resource;
  if (node.length !== value.length + 2) return { offset: node.offset, length: node.length };
  return { offset: node.offset + 1 + offset, length };
}
