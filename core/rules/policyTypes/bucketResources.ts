import type { PolicyDocument, StringValue } from '../../policy/document';
import { stringValues } from '../../policy/values';
import type { Rule } from '../rule';

const BUCKET_ARN = /^arn:[^:]*:s3:::([^/]*)(\/.*)?$/;

/** True for a resource policy naming S3 bucket or object ARNs (`arn:aws:s3:::...`), i.e. an S3 bucket policy. */
export function isBucketPolicy(document: PolicyDocument): boolean {
  return resourcesOf(document).some((r) => BUCKET_ARN.test(r.value));
}

function resourcesOf(document: PolicyDocument): StringValue[] {
  return document.statements.flatMap((s) => [...stringValues(s.elements.Resource), ...stringValues(s.elements.NotResource)]);
}

/**
 * UNSUPPORTED_RESOURCE_ARN_IN_POLICY for S3 bucket policies (resource policies naming `arn:aws:s3:::` resources):
 * a bucket policy applies to one bucket, so every resource must be that bucket (`arn:aws:s3:::b`) or its objects
 * (`arn:aws:s3:::b/...`). Other ARNs, and a second bucket, are rejected by S3. Wildcard bucket names are not
 * compared, since they may match the bucket; `"*"` is left to S3.
 */
export const bucketResourcesRule: Rule = {
  name: 'bucketResources',
  codes: ['UNSUPPORTED_RESOURCE_ARN_IN_POLICY'],
  kinds: ['resource'],
  check({ document, report }) {
    const resources = resourcesOf(document);
    if (!resources.some((r) => BUCKET_ARN.test(r.value))) return;
    let bucket: string | undefined;
    for (const r of resources) {
      if (r.value === '*') continue;
      const match = BUCKET_ARN.exec(r.value);
      if (!match) {
        report('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', r.node, 'A bucket policy applies to its own bucket: use the bucket ARN (arn:aws:s3:::BUCKET) or its objects (arn:aws:s3:::BUCKET/*).');
        continue;
      }
      const name = match[1] ?? '';
      if (/[*?]/.test(name)) continue;
      if (bucket === undefined) {
        bucket = name;
      } else if (name !== bucket) {
        report('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', r.node, `This bucket policy already names the bucket "${bucket}"; a bucket policy applies to one bucket, so "${name}" needs its own policy.`, { bucket });
      }
    }
  },
};
