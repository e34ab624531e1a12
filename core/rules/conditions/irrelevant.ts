import type { Rule } from '../rule';
import { stringValues } from '../../policy/values';
import type { Statement } from '../../policy/document';
import { conditionEntries } from './walk';

/** Keys that name the account owning the resource: in a policy attached to one bucket that account never varies. */
const RESOURCE_OWNER_KEYS = new Set(['s3:resourceaccount', 'aws:resourceaccount']);

/** The bucket a statement's Resource names, when every ARN is that one bucket or objects in it. */
function singleBucket(statement: Statement): string | undefined {
  const buckets = new Set<string>();
  for (const { value } of stringValues(statement.elements.Resource)) {
    const match = /^arn:[a-z-]+:s3:::([^/*?$]+)(\/.*)?$/.exec(value);
    if (!match?.[1]) return undefined;
    buckets.add(match[1]);
  }
  return buckets.size === 1 ? [...buckets][0] : undefined;
}

/**
 * IRRELEVANT_CONDITION_KEY_IN_POLICY: Access Analyzer's example is s3:ResourceAccount in a bucket policy, where the
 * resource account is the bucket owner and cannot differ. Only statements whose resources are one bucket are
 * reported, so VPC endpoint policies (where the key does restrict access) stay quiet.
 */
export const irrelevantConditionKeyRule: Rule = {
  name: 'irrelevantConditionKey',
  codes: ['IRRELEVANT_CONDITION_KEY_IN_POLICY'],
  kinds: ['resource'],
  check({ document, report }) {
    for (const { statement, keyElement } of conditionEntries(document)) {
      if (!RESOURCE_OWNER_KEYS.has(keyElement.key.toLowerCase())) continue;
      const bucket = singleBucket(statement);
      if (!bucket) continue;
      report(
        'IRRELEVANT_CONDITION_KEY_IN_POLICY',
        keyElement.keyNode,
        `In the policy of bucket ${bucket}, "${keyElement.key}" is always the bucket owner's account. Use it in identity or VPC endpoint policies instead.`,
      );
    }
  },
};
