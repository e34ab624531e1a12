import type { Node } from 'jsonc-parser';
import { getNodePath } from 'jsonc-parser';
import { setValue } from '../../fixes/edit';
import type { Rule } from '../rule';
import type { StatementElementName } from '../../policy/document';
import { scanVariables } from './scan';

/** Elements whose values IAM substitutes variables in; anywhere else `${...}` is either rejected or literal text. */
const SUPPORTED: ReadonlySet<StatementElementName> = new Set(['Resource', 'NotResource', 'Condition']);
const UNSUPPORTED: readonly StatementElementName[] = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction'];
const VARIABLES_VERSION = '2012-10-17';

const MESSAGES = {
  MISSING_BRACE_IN_VARIABLE: (t: string) => `"${t}" is missing a brace: a policy variable is written \${name}.`,
  EMPTY_VARIABLE: (t: string) => `"${t}" names no variable; write one such as \${aws:username}.`,
  UNSUPPORTED_SPACE_IN_VARIABLE: (t: string) => `"${t}" has a space in the variable name; only the default value may contain spaces.`,
  MISSING_QUOTE_IN_VARIABLE: (t: string) => `"${t}": a default value must be in single quotes, e.g. \${aws:PrincipalTag/team, 'none'}.`,
} as const;

/** Every string literal under a node (values only, not property names). */
function stringsUnder(node: Node | undefined, out: Node[] = []): Node[] {
  if (!node) return out;
  if (node.type === 'string') out.push(node);
  else if (node.type === 'array') for (const child of node.children ?? []) stringsUnder(child, out);
  else if (node.type === 'object') for (const prop of node.children ?? []) stringsUnder(prop.children?.[1], out);
  return out;
}

/**
 * MISSING_BRACE_IN_VARIABLE, EMPTY_VARIABLE, UNSUPPORTED_SPACE_IN_VARIABLE, MISSING_QUOTE_IN_VARIABLE,
 * VARIABLE_UNSUPPORTED_IN_VERSION (variables need Version 2012-10-17; without Version IAM reads 2008-10-17 and takes
 * `${...}` literally) and VARIABLE_UNSUPPORTED_IN_ELEMENT (variables work only in Resource and Condition values).
 * Findings sit on the variable itself inside the string.
 */
export const policyVariableRule: Rule = {
  name: 'policyVariable',
  codes: ['MISSING_BRACE_IN_VARIABLE', 'EMPTY_VARIABLE', 'UNSUPPORTED_SPACE_IN_VARIABLE', 'MISSING_QUOTE_IN_VARIABLE', 'VARIABLE_UNSUPPORTED_IN_VERSION', 'VARIABLE_UNSUPPORTED_IN_ELEMENT'],
  check({ document, report }) {
    const version = document.version?.value;
    const versionOk = version?.type === 'string' && version.value === VARIABLES_VERSION;
    for (const statement of document.statements) {
      for (const name of [...SUPPORTED, ...UNSUPPORTED]) {
        const element = statement.elements[name];
        if (!element) continue;
        for (const literal of stringsUnder(element.value)) {
          for (const variable of scanVariables(document.text, literal)) {
            const at = { span: variable.span, path: getNodePath(literal) };
            if (!SUPPORTED.has(name)) {
              report('VARIABLE_UNSUPPORTED_IN_ELEMENT', at, `Policy variables are not substituted in ${name}; "${variable.text}" would be taken literally. Use them only in Resource or Condition values.`);
            } else if (variable.problem) {
              const data = variable.problem === 'MISSING_BRACE_IN_VARIABLE' && !variable.text.startsWith('${') ? { insertBraceAt: variable.span.offset + 1 } : undefined;
              report(variable.problem, at, MESSAGES[variable.problem](variable.text), data);
            } else if (!versionOk) {
              report('VARIABLE_UNSUPPORTED_IN_VERSION', at, `"${variable.text}" is a policy variable only with "Version": "${VARIABLES_VERSION}"; ${version ? 'this version' : 'without Version, IAM uses 2008-10-17 and'} takes it literally.`);
            }
          }
        }
      }
    }
  },
  fixes({ document, code, data }) {
    if (code === 'VARIABLE_UNSUPPORTED_IN_VERSION') {
      const edits = document.version
        ? setValue(document.text, [document.version.key], VARIABLES_VERSION)
        : setValue(document.text, ['Version'], VARIABLES_VERSION, { insertAt: 0 });
      return [{ title: `Set "Version": "${VARIABLES_VERSION}"`, edits, preferred: true }];
    }
    const at = data?.insertBraceAt;
    if (code === 'MISSING_BRACE_IN_VARIABLE' && typeof at === 'number' && document.text[at - 1] === '$') {
      return [{ title: 'Add the opening brace', edits: [{ offset: at, length: 0, content: '{' }], preferred: true }];
    }
    return [];
  },
};
