import type { Rule } from '../rule';
import { hasWildcard } from '../../catalog/wildcard';
import { principalValues } from './entries';
import { renameKeyEdit } from '../conditions/walk';

const KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
const PARTITION = '(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc)';
const ACCOUNT = /^\d{12}$/;
// IAM rewrites a principal ARN to the unique ID (AIDA..., AROA...) when the user or role is deleted.
const UNIQUE_ID = /^A[A-Z0-9]{15,127}$/;
const IAM_PRINCIPAL = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}:(root|(user|role)/([\\x21-\\x7e]+/)*[\\w+=,.@-]+)|cloudfront:user/CloudFront Origin Access Identity [A-Z0-9]+)$`);
const STS_PRINCIPAL = new RegExp(`^arn:${PARTITION}:sts::\\d{12}:(assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+|federated-user/[\\w+=,.@-]+)$`);
const FEDERATED_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(saml-provider/[\\w+=,.@-]+|oidc-provider/[a-z0-9.-]+(/[\\x21-\\x7e]*)?)$`);
/** Identity providers IAM trusts by name rather than by an ARN in the account. */
export const WEB_IDENTITY_PROVIDERS = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);
// service.amazonaws.com, with older regional forms (codedeploy.us-east-1.amazonaws.com) and other partitions' domains.
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazonaws\.eu|aws\.internal|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;
const CANONICAL_USER = /^[0-9a-f]{64}$/i;

type Code = 'INVALID_PRINCIPAL_FORMAT' | 'INVALID_SERVICE_PRINCIPAL_FORMAT' | 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL';

function judge(key: string, value: string): { code: Code; message: string } | undefined {
  if (value !== '*' && hasWildcard(value)) {
    return { code: 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL', message: `"${value}": a principal cannot contain a wildcard. Name it exactly, or use "*" with a condition such as aws:PrincipalArn in ArnLike.` };
  }
  switch (key) {
    case 'AWS':
      if (value === '*' || ACCOUNT.test(value) || UNIQUE_ID.test(value) || IAM_PRINCIPAL.test(value) || STS_PRINCIPAL.test(value)) return undefined;
      return { code: 'INVALID_PRINCIPAL_FORMAT', message: `"${value}" is not an AWS principal: use a 12-digit account ID, an IAM user or role ARN, an assumed-role session ARN, or "*".` };
    case 'Service':
      if (SERVICE.test(value)) return undefined;
      return { code: 'INVALID_SERVICE_PRINCIPAL_FORMAT', message: `"${value}" is not a service principal; they look like "ec2.amazonaws.com", in lowercase.` };
    case 'Federated':
      if (FEDERATED_ARN.test(value) || WEB_IDENTITY_PROVIDERS.has(value)) return undefined;
      return { code: 'INVALID_PRINCIPAL_FORMAT', message: `"${value}" is not a federated principal: use a saml-provider or oidc-provider ARN, or cognito-identity.amazonaws.com, accounts.google.com, graph.facebook.com or www.amazon.com.` };
    case 'CanonicalUser':
      if (CANONICAL_USER.test(value)) return undefined;
      return { code: 'INVALID_PRINCIPAL_FORMAT', message: `"${value}" is not a canonical user ID (64 hexadecimal characters).` };
    default:
      return undefined;
  }
}

/**
 * INVALID_PRINCIPAL_KEY (keys other than AWS, Service, Federated, CanonicalUser), INVALID_PRINCIPAL_FORMAT,
 * INVALID_SERVICE_PRINCIPAL_FORMAT and UNSUPPORTED_WILDCARD_IN_PRINCIPAL, for Principal and NotPrincipal.
 */
export const principalFormatRule: Rule = {
  name: 'principalFormat',
  codes: ['INVALID_PRINCIPAL_KEY', 'INVALID_PRINCIPAL_FORMAT', 'INVALID_SERVICE_PRINCIPAL_FORMAT', 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL'],
  check({ document, report }) {
    const reportedKeys = new Set<unknown>();
    for (const { key, node, element } of principalValues(document)) {
      if (!key) {
        if (node.type !== 'string' || node.value !== '*') {
          report('INVALID_PRINCIPAL_FORMAT', node, `${element.key} must be "*" or an object such as {"AWS": "123456789012"} or {"Service": "ec2.amazonaws.com"}.`);
        }
        continue;
      }
      if (!(KEYS as readonly string[]).includes(key.key)) {
        if (reportedKeys.has(key)) continue;
        reportedKeys.add(key);
        const fixed = KEYS.find((k) => k.toLowerCase() === key.key.toLowerCase());
        report('INVALID_PRINCIPAL_KEY', key.keyNode, `"${key.key}" is not a principal type; use ${fixed ? `"${fixed}" (keys are case-sensitive)` : 'AWS, Service, Federated or CanonicalUser'}.`, fixed ? { fixed } : undefined);
        continue;
      }
      if (node.type !== 'string') {
        report('INVALID_PRINCIPAL_FORMAT', node, `Write each ${key.key} principal as a JSON string.`);
        continue;
      }
      const verdict = judge(key.key, node.value as string);
      if (verdict) report(verdict.code, node, verdict.message);
    }
  },
  fixes({ document, code, path, data }) {
    const fixed = data?.fixed;
    if (code !== 'INVALID_PRINCIPAL_KEY' || typeof fixed !== 'string') return [];
    const edits = renameKeyEdit(document, path, fixed);
    return edits.length ? [{ title: `Change the key to "${fixed}"`, edits, preferred: true }] : [];
  },
};
