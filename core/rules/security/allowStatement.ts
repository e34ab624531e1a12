import type { Statement } from '../../policy/document';

/** True for a statement whose Effect is exactly "Allow" (IAM compares it case-sensitively). */
export function isAllow(statement: Statement): boolean {
  const effect = statement.elements.Effect?.value;
  return effect?.type === 'string' && effect.value === 'Allow';
}
