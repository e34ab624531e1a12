import type { Node } from 'jsonc-parser';

/**
 * A canonical text for a JSON node, so that equal policy values compare equal: object keys sorted, and array
 * items sorted (IAM treats the values of Principal and Condition as sets, so their order never matters).
 */
export function canonicalJson(node: Node | undefined): string {
  if (!node) return '';
  switch (node.type) {
    case 'object': {
      const entries: string[] = [];
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key?.type === 'string') entries.push(`${JSON.stringify(key.value)}:${canonicalJson(value)}`);
      }
      return `{${entries.sort().join(',')}}`;
    }
    case 'array':
      return `[${(node.children ?? []).map(canonicalJson).sort().join(',')}]`;
    default:
      return JSON.stringify(node.value ?? null);
  }
}
