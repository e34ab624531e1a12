import type { Node } from 'jsonc-parser';
import type { Binding } from '../config/bindings';
import type { PolicyDocument, Statement } from '../policy/document';
import { stringsOf, stringValues } from '../policy/values';
import type { JudgeScope } from './observability';
import { scopeEvidence, shortName } from './evidence';
import { judgedStatements, statementRegions, type UsageContext } from './statements';

/** A resource-policy statement with the principals (and for a bucket policy, the bucket) its actions are judged against. */
export interface BucketStatementScope {
  readonly statement: Statement;
  readonly scope: JudgeScope;
  /** The principals and the bucket, for people: `user/benjamin on bucket logs`. */
  readonly who: string;
}

/**
 * The judged statements of a resource policy whose `Principal` names IAM principals or accounts, each with its
 * bucket: the binding's, else the buckets its own `Resource` names, else those the document's statements name.
 * `"*"`, service and federated principals are skipped (their use is not attributable). An account (`123456789012`
 * or its root ARN) stands for every principal of that account in the history. An action is used when one of the
 * principals called it on that bucket; when no bucket is known (a queue or key policy, or `"Resource": "*"`), on
 * any resource, since usage is kept per resource only for S3 buckets: that can miss an unused grant, never invent one.
 */
export function bucketPolicyScopes(document: PolicyDocument, binding: Binding | undefined, context: UsageContext): BucketStatementScope[] {
  const bound = boundBucket(binding);
  const everyBucket = bound ? [bound] : policyBuckets(document, undefined);
  const out: BucketStatementScope[] = [];
  for (const statement of judgedStatements(document, context.settings.keepMarker)) {
    const own = bound ? [] : statementBuckets(statement);
    const buckets = own.length > 0 ? own : everyBucket;
    const names = awsPrincipals(statement.elements.Principal?.value);
    if (names.length === 0 || names.includes('*')) continue;
    const principals = new Set<string>();
    const accounts = new Set<string>();
    for (const name of names) {
      const account = /^\d{12}$/.test(name) ? name : /^arn:aws[\w-]*:iam::(\d{12}):root$/.exec(name)?.[1];
      if (account) {
        accounts.add(account);
        for (const p of context.index.principalsOf(account)) principals.add(p.arn);
      } else if (name.startsWith('arn:')) {
        principals.add(name);
        accounts.add(name.split(':')[4] ?? '');
      }
    }
    if (principals.size === 0 && accounts.size === 0) continue;
    const who = `${names.map((n) => (n.startsWith('arn:') ? shortName(n) : `account ${n}`)).join(', ')} on ${buckets.length > 0 ? bucketsText(buckets) : ANY_RESOURCE}`;
    const regions = statementRegions(statement);
    out.push({ statement, scope: { principals: [...principals], accounts: [...accounts], ...(buckets.length > 0 ? { buckets } : {}), ...(regions ? { regions } : {}) }, who });
  }
  return out;
}

/**
 * Hover markdown for an `Action` string of a bucket-policy statement: its use by the statement's principals on the
 * policy's bucket. Undefined when the statement is not judged (no attributable principal, no known bucket).
 */
export function bucketEvidence(
  document: PolicyDocument,
  statement: Statement,
  actionLiteral: string,
  binding: Binding | undefined,
  context: UsageContext,
): string | undefined {
  const judged = bucketPolicyScopes(document, binding, context).find((s) => s.statement === statement);
  return judged ? scopeEvidence(actionLiteral, judged.scope, judged.who, context) : undefined;
}

/** The buckets a bucket policy is judged on: its binding's bucket, else every bucket its statements' `Resource` names. */
export function policyBuckets(document: PolicyDocument, binding: Binding | undefined): string[] {
  const bound = boundBucket(binding);
  if (bound) return [bound];
  return [...new Set(document.statements.flatMap(statementBuckets))].sort();
}

/** Where a resource policy naming no bucket is judged. */
export const ANY_RESOURCE = 'any resource';

/** "bucket logs", "buckets a, b". */
export function bucketsText(buckets: readonly string[]): string {
  return `bucket${buckets.length === 1 ? '' : 's'} ${buckets.join(', ')}`;
}

const BUCKET_ARN = /^arn:aws[\w-]*:s3:::([^/]+)(?:\/.*)?$/;

/** Bucket names of a statement's `Resource` (`arn:aws:s3:::name` and `arn:aws:s3:::name/...`), without wildcards or variables. */
function statementBuckets(statement: Statement): string[] {
  const names = new Set<string>();
  for (const r of stringValues(statement.elements.Resource)) {
    const name = BUCKET_ARN.exec(r.value)?.[1];
    if (name && !/[*?$]/.test(name)) names.add(name);
  }
  return [...names];
}

function boundBucket(binding: Binding | undefined): string | undefined {
  const bucket = binding?.bucket?.trim();
  if (!bucket) return undefined;
  return BUCKET_ARN.exec(bucket)?.[1] ?? bucket;
}

function awsPrincipals(node: Node | undefined): string[] {
  if (!node) return [];
  if (node.type === 'string') return [node.value as string];
  if (node.type !== 'object') return [];
  const aws = node.children?.find((p) => p.children?.[0]?.value === 'AWS')?.children?.[1];
  return aws ? stringsOf(aws, []).map((s) => s.value) : [];
}
