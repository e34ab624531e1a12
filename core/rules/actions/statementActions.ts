import type { Statement, StringValue } from '../../policy/document';
import { stringValues } from '../../policy/values';

/** Whether an action string names every action, a service's actions through wildcards, or one action. */
export interface ParsedAction {
  /** The text before the first colon, as written; undefined when there is no colon. */
  readonly service: string | undefined;
  /** The text after the first colon, as written. */
  readonly name: string;
}

/** Splits `service:Action` at its first colon. */
export function parseAction(value: string): ParsedAction {
  const colon = value.indexOf(':');
  return colon < 0 ? { service: undefined, name: value } : { service: value.slice(0, colon), name: value.slice(colon + 1) };
}

/** The strings of a statement's Action and NotAction elements, in source order. */
export function actionStrings(statement: Statement): StringValue[] {
  return [...stringValues(statement.elements.Action), ...stringValues(statement.elements.NotAction)];
}
