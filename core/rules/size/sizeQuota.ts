import type { PolicyDocument, PolicyKind } from '../../policy/document';
import type { AttachedTo, Rule } from '../rule';
import { isBucketPolicy } from '../policyTypes/bucketResources';
import { policySize, type SizeMeasure } from './policySize';

interface Quota {
  readonly code: string;
  readonly limit: number;
  readonly measure: SizeMeasure;
  /** What the limit applies to, for the message. */
  readonly what: string;
}

/** Identity policy quotas: one managed policy, or the sum of a user's, group's or role's inline policies. */
const IDENTITY: Record<AttachedTo, { limit: number; what: string }> = {
  managed: { limit: 6_144, what: 'a managed policy' },
  user: { limit: 2_048, what: "a user's inline policies (together)" },
  group: { limit: 5_120, what: "a group's inline policies (together)" },
  role: { limit: 10_240, what: "a role's inline policies (together)" },
};

function quotaFor(kind: PolicyKind, attachedTo: AttachedTo, document: PolicyDocument): Quota | undefined {
  switch (kind) {
    case 'identity': {
      const { limit, what } = IDENTITY[attachedTo];
      return { code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', limit, measure: 'non-whitespace characters', what };
    }
    case 'scp':
      return { code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA', limit: 5_120, measure: 'characters', what: 'an SCP' };
    case 'rcp':
      return { code: 'POLICY_SIZE_EXCEEDS_RCP_QUOTA', limit: 5_120, measure: 'characters', what: 'an RCP' };
    case 'trust':
      // 2,048 is the default; accounts can have it raised (to 8,192 at most), which we cannot see from here.
      return { code: 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', limit: 2_048, measure: 'non-whitespace characters', what: 'a role trust policy (default quota)' };
    case 'resource':
      // Only S3 documents its limit the same way for every bucket; other services' quotas vary.
      return isBucketPolicy(document) ? { code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', limit: 20 * 1024, measure: 'bytes', what: 'an S3 bucket policy' } : undefined;
  }
}

const ADVICE: Record<SizeMeasure, string> = {
  'non-whitespace characters': 'Split it into several policies, or merge statements and use wildcards.',
  characters: 'Remove whitespace outside strings (it counts here), or split it into several policies.',
  bytes: 'Remove whitespace, merge statements, or move access to IAM policies or access points.',
};

/**
 * POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA, _SCP_QUOTA, _RCP_QUOTA, _ROLE_TRUST_POLICY_QUOTA and
 * _RESOURCE_POLICY_QUOTA (S3 bucket policies): the document is larger than AWS accepts, counted the way each quota
 * counts. Reported on the `Statement` key; runs on documents of any size.
 */
export const sizeQuotaRule: Rule = {
  name: 'sizeQuota',
  codes: [
    'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
    'POLICY_SIZE_EXCEEDS_SCP_QUOTA',
    'POLICY_SIZE_EXCEEDS_RCP_QUOTA',
    'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA',
    'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA',
  ],
  check({ document, kind, attachedTo, report }) {
    const quota = quotaFor(kind, attachedTo, document);
    if (!quota) return;
    // Counting characters never gives more than the length: most policies are decided without a pass over the text.
    if (quota.measure !== 'bytes' && document.text.length <= quota.limit) return;
    const size = policySize(document.text, quota.measure);
    if (size <= quota.limit) return;
    const n = (x: number) => x.toLocaleString('en-US');
    const anchor = document.statementElement?.keyNode ?? document.properties[0]?.keyNode;
    const at = anchor
      ? { span: { offset: anchor.offset, length: anchor.length }, path: document.statementElement?.path ?? [] }
      : { span: { offset: 0, length: Math.min(1, document.text.length) }, path: [] };
    report(quota.code, at, `This policy has ${n(size)} ${quota.measure}; ${quota.what} may have at most ${n(quota.limit)}. ${ADVICE[quota.measure]}`, {
      size,
      limit: quota.limit,
    });
  },
};
