import type { Node } from 'jsonc-parser';
import type { Rule } from '../rule';

/**
 * DUPLICATE_KEY and DUPLICATE_KEYS_WITH_DIFFERENT_CASE, in every object of the document: JSON parsers keep only
 * one of two equal keys (which one differs between tools), and IAM compares condition keys without case, so
 * `aws:SourceIp` next to `aws:sourceip` (or `Effect` next to `effect`) is just as ambiguous.
 */
export const duplicateKeysRule: Rule = {
  name: 'duplicateKeys',
  codes: ['DUPLICATE_KEY', 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE'],
  check({ document, report }) {
    // An explicit stack: the parser already bounds nesting, but no recursion keeps the rule safe regardless.
    const stack: Node[] = document.root ? [document.root] : [];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.type === 'object') {
        const seen = new Map<string, string>();
        for (const prop of node.children ?? []) {
          const [key, value] = prop.children ?? [];
          if (value) stack.push(value);
          if (key?.type !== 'string') continue;
          const name = key.value as string;
          const first = seen.get(name.toLowerCase());
          if (first === undefined) {
            seen.set(name.toLowerCase(), name);
          } else if (first === name) {
            report('DUPLICATE_KEY', key, `"${name}" appears twice in this object; keep one and merge their values.`);
          } else {
            report(
              'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
              key,
              `"${name}" and "${first}" differ only in case, so which one applies is ambiguous (IAM compares condition keys without case); keep one.`,
              { other: first },
            );
          }
        }
      } else if (node.type === 'array') {
        for (const child of node.children ?? []) stack.push(child);
      }
    }
  },
};
