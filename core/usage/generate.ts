import type { TrailIndex } from './trailIndex';

/** A generated policy document and what the reader should know about it. */
export interface GeneratedPolicy {
  readonly text: string;
  readonly actions: readonly string[];
  readonly notes: readonly string[];
}

/**
 * A new identity policy granting exactly the actions the principal was allowed to call in the history (denied-only
 * actions are left out), one statement per service with a Sid such as `Ec2` or `DevopsGuru`, actions sorted. Like
 * IAM Access Analyzer's policy generation, it cannot know resources: every statement has `"Resource": "*"`.
 */
export function generatePolicy(principal: string, index: TrailIndex): GeneratedPolicy {
  const byService = new Map<string, string[]>();
  for (const row of index.usageOf(principal).values()) {
    if (row.count === 0) continue;
    const service = row.action.slice(0, row.action.indexOf(':'));
    byService.set(service, [...(byService.get(service) ?? []), row.action]);
  }
  const services = [...byService.keys()].sort();
  const statements = services.map((service) => ({
    Sid: sidOf(service),
    Effect: 'Allow',
    Action: (byService.get(service) ?? []).sort((a, b) => a.localeCompare(b)),
    Resource: '*',
  }));
  const notes = [
    'Every statement uses "Resource": "*" because usage is recorded per action, not per resource: narrow the resources before deploying.',
    'Actions that CloudTrail cannot show (data events not loaded, iam:PassRole outside known calls, ...) are missing if they were never observed.',
  ];
  if (statements.length === 0) notes.unshift(`No allowed calls of ${principal} are in the history; the policy grants nothing.`);
  const text = `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
  return { text, actions: statements.flatMap((s) => s.Action), notes };
}

/** `devops-guru` -> `DevopsGuru`: Sids must be alphanumeric. */
function sidOf(service: string): string {
  return service
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
