import type { Rule } from '../rule';
import { removeValue } from '../../fixes/edit';
import { principalValues } from './entries';

const ROLE = /^arn:([\w-]+):iam::(\d{12}):role\/(?:[\x21-\x7e]+\/)*([\w+=,.@-]+)$/;
const SESSION = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[\w+=,.@-]+$/;

/**
 * REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: an assumed-role session listed next to its own role adds nothing, since
 * the role already covers every session of it. Reported on the session ARN, which the fix removes.
 */
export const redundantPrincipalRule: Rule = {
  name: 'redundantPrincipal',
  codes: ['REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY'],
  check({ document, report }) {
    const values = principalValues(document).filter((v) => v.key?.key === 'AWS' && v.node.type === 'string');
    for (const session of values) {
      const s = SESSION.exec(session.node.value as string);
      if (!s) continue;
      const role = values.find((v) => {
        const r = v.element === session.element ? ROLE.exec(v.node.value as string) : null;
        return r !== null && r[1] === s[1] && r[2] === s[2] && r[3] === s[3];
      });
      if (!role) continue;
      report(
        'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY',
        session.node,
        `The role ${role.node.value as string} is also listed, and it covers all of its sessions; remove this assumed-role principal.`,
      );
    }
  },
  fixes({ document, path }) {
    if (typeof path[path.length - 1] !== 'number') return [];
    return [{ title: 'Remove the redundant assumed-role principal', edits: removeValue(document.text, path), preferred: true }];
  },
};
