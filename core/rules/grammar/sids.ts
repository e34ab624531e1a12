import type { PolicyKind } from '../../policy/document';
import { removeValue, setValue } from '../../fixes/edit';
import type { Rule } from '../rule';

/**
 * IAM (identity and role trust policies) requires Sids unique within a policy, and AWS Organizations documents the
 * same syntax for SCPs and RCPs; resource-based policies of other services only recommend it.
 */
const UNIQUE_REQUIRED: ReadonlySet<PolicyKind> = new Set(['identity', 'trust', 'scp', 'rcp']);
/** IAM documents Sids of identity policies as ASCII letters and digits only; resource policies (S3, SNS, SQS) allow more. */
const ALPHANUMERIC_ONLY: ReadonlySet<PolicyKind> = new Set(['identity', 'scp', 'rcp']);
const ALPHANUMERIC = /^[A-Za-z0-9]+$/;

/** UNIQUE_SIDS_REQUIRED / UNIQUE_SIDS_RECOMMENDED, UNSUPPORTED_SID and EMPTY_SID_VALUE. */
export const sidsRule: Rule = {
  name: 'sids',
  codes: ['UNIQUE_SIDS_REQUIRED', 'UNIQUE_SIDS_RECOMMENDED', 'UNSUPPORTED_SID', 'EMPTY_SID_VALUE'],
  check({ document, kind, report }) {
    const seen = new Set<string>();
    for (const s of document.statements) {
      const sid = s.elements.Sid?.value;
      if (sid?.type !== 'string') continue;
      const value = sid.value as string;
      if (value === '') {
        report('EMPTY_SID_VALUE', sid, 'The Sid is empty; remove it or give the statement a name.');
        continue;
      }
      if (ALPHANUMERIC_ONLY.has(kind) && !ALPHANUMERIC.test(value)) {
        const cleaned = value.replace(/[^A-Za-z0-9]/g, '');
        report(
          'UNSUPPORTED_SID',
          sid,
          `A Sid in this kind of policy may hold only letters A-Z, a-z and digits 0-9${cleaned ? `, e.g. "${cleaned}"` : ''}.`,
          cleaned ? { sid: cleaned } : undefined,
        );
      }
      if (seen.has(value)) {
        const required = UNIQUE_REQUIRED.has(kind);
        report(
          required ? 'UNIQUE_SIDS_REQUIRED' : 'UNIQUE_SIDS_RECOMMENDED',
          sid,
          required ? `Another statement already has the Sid "${value}"; Sids must be unique in this policy.` : `Another statement already has the Sid "${value}"; unique Sids keep statements distinguishable.`,
        );
      }
      seen.add(value);
    }
  },
  fixes({ document, code, path, data }) {
    if (code === 'EMPTY_SID_VALUE') return [{ title: 'Remove the empty Sid', edits: removeValue(document.text, path), preferred: true }];
    if (code === 'UNSUPPORTED_SID' && typeof data?.sid === 'string') {
      return [{ title: `Change the Sid to "${data.sid}"`, edits: setValue(document.text, path, data.sid), preferred: true }];
    }
    return [];
  },
};
