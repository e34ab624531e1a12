import type { Node } from 'jsonc-parser';
import type { PolicyDocument, Statement } from '../policy/document';
import { stringsOf } from '../policy/values';
import type { JudgeScope } from './observability';
import { shortName } from './evidence';
import { judgedStatements, statementRegions, type UsageContext } from './statements';

/** A bucket-policy statement with the principals its actions are judged against. */
export interface BucketStatementScope {
  readonly statement: Statement;
  readonly scope: JudgeScope;
  readonly who: string;
}

/**
 * The judged statements of a bucket policy whose `Principal` names IAM principals or accounts. `"*"`, service and
 * federated principals are skipped: their use is not attributable. An account (`123456789012` or its root ARN)
 * stands for every principal of that account in the history. Usage is per principal and action, not per bucket, so
 * a call counts as use whichever bucket it touched.
 */
export function bucketPolicyScopes(document: PolicyDocument, context: UsageContext): BucketStatementScope[] {
  const out: BucketStatementScope[] = [];
  for (const statement of judgedStatements(document, context.settings.keepMarker)) {
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
    const who = names.map((n) => (n.startsWith('arn:') ? shortName(n) : `account ${n}`)).join(', ');
    const regions = statementRegions(statement);
    out.push({ statement, scope: { principals: [...principals], accounts: [...accounts], ...(regions ? { regions } : {}) }, who });
  }
  return out;
}

function awsPrincipals(node: Node | undefined): string[] {
  if (!node) return [];
  if (node.type === 'string') return [node.value as string];
  if (node.type !== 'object') return [];
  const aws = node.children?.find((p) => p.children?.[0]?.value === 'AWS')?.children?.[1];
  return aws ? stringsOf(aws, []).map((s) => s.value) : [];
}
