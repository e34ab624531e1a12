import type { PolicyKind } from '../../policy/document';
import { removeValue } from '../../fixes/edit';
import type { Rule } from '../rule';
import { statementAnchor } from '../grammar/anchor';

/** Resource-based and role trust policies say who they let in; every statement needs a Principal or NotPrincipal. */
const REQUIRES_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['resource', 'trust']);

/**
 * MISSING_PRINCIPAL (resource and trust policies), UNSUPPORTED_PRINCIPAL (identity policies: the principal is whoever
 * the policy is attached to) and SCP_SYNTAX_ERROR_PRINCIPAL (SCPs apply to every principal of the accounts they
 * are attached to). The fix removes a principal the policy kind cannot have.
 */
export const principalElementRule: Rule = {
  name: 'principalElement',
  codes: ['MISSING_PRINCIPAL', 'UNSUPPORTED_PRINCIPAL', 'SCP_SYNTAX_ERROR_PRINCIPAL'],
  kinds: ['resource', 'trust', 'identity', 'scp'],
  check({ document, kind, report }) {
    for (const s of document.statements) {
      const principals = [s.elements.Principal, s.elements.NotPrincipal].filter((e) => e !== undefined);
      if (REQUIRES_PRINCIPAL.has(kind)) {
        if (principals.length === 0) {
          const who = kind === 'trust' ? 'who may assume the role' : 'who the policy applies to';
          report('MISSING_PRINCIPAL', statementAnchor(s), `Add a "Principal" naming ${who}, e.g. {"AWS": "arn:aws:iam::111122223333:root"}.`);
        }
        continue;
      }
      for (const p of principals) {
        const at = { span: { offset: p.keyNode.offset, length: p.keyNode.length }, path: p.path };
        if (kind === 'scp') {
          report('SCP_SYNTAX_ERROR_PRINCIPAL', at, `SCPs do not support "${p.key}": they apply to every IAM user and role of the accounts they are attached to. Use a condition such as aws:PrincipalArn instead.`);
        } else {
          report('UNSUPPORTED_PRINCIPAL', at, `Identity policies do not support "${p.key}": they apply to the user, group or role they are attached to. Remove it, or validate this file as a resource policy.`);
        }
      }
    }
  },
  fixes({ document, code, path }) {
    if (code === 'MISSING_PRINCIPAL') return [];
    return [{ title: `Remove "${String(path[path.length - 1])}"`, edits: removeValue(document.text, path), preferred: true }];
  },
};
