import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyCache, readCache, writeCache } from '../../core/trail/cache';
import { importFiles } from '../../core/trail/localFiles';
import { parsePolicy } from '../../core/policy/parse';
import type { PolicyKind } from '../../core/policy/document';
import type { Binding } from '../../core/config/bindings';
import { DEFAULT_USAGE_SETTINGS, type UsageSettings } from '../../core/usage/observability';
import type { UsageContext } from '../../core/usage/statements';
import { TrailIndex } from '../../core/usage/trailIndex';
import { usageFindings } from '../../core/usage/usageFindings';
import { testCatalog } from '../helpers/policy';
import { INVICTUS, testMapper } from '../trail/helpers';

/** The Invictus history ends 2023-07-10T12:37:50Z; "now" is the next midnight, so the history is fresh. */
export const NOW = Date.parse('2023-07-11T00:00:00Z');
export const ACCOUNT = '123837392027';
export const STEAL_ROLE = `arn:aws:iam::${ACCOUNT}:role/stratus-red-team-ec2-steal-credentials-role`;
export const PASSWORD_ROLE = `arn:aws:iam::${ACCOUNT}:role/stratus-red-team-ec2-get-password-data-role`;
export const BENJAMIN = `arn:aws:iam::${ACCOUNT}:user/benjamin`;

/** The Invictus history covers under an hour, so the tests judge it with no minimum coverage. */
export const SETTINGS: UsageSettings = { ...DEFAULT_USAGE_SETTINGS, minCoverageDays: 0 };

let index: Promise<TrailIndex> | undefined;

/** The Invictus logs imported through the trail API, written to a temporary cache, read back and indexed. */
export function invictusIndex(): Promise<TrailIndex> {
  index ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tt-usage-'));
    const { cache } = await importFiles([INVICTUS], { cache: emptyCache(), mapper: testMapper() });
    await writeCache(dir, cache);
    return TrailIndex.build((await readCache(dir)).cache.snapshot);
  })();
  return index;
}

/** A usage context over the Invictus index. */
export async function invictusContext(settings: Partial<UsageSettings> = {}): Promise<UsageContext> {
  return { index: await invictusIndex(), catalog: testCatalog(), settings: { ...SETTINGS, ...settings }, now: NOW };
}

/** Usage findings of a policy text. */
export function findingsOf(text: string, kind: PolicyKind, binding: Binding | undefined, context: UsageContext) {
  return usageFindings(parsePolicy(text).document, kind, binding, context);
}

/** `CODE@line:text` of each finding (1-based line of its start), for compact assertions. */
export function located(text: string, findings: readonly { code: string; span: { offset: number; length: number } }[]): string[] {
  return findings.map((f) => {
    const line = text.slice(0, f.span.offset).split('\n').length;
    return `${f.code}@${line}:${text.slice(f.span.offset, f.span.offset + f.span.length)}`;
  });
}

/** A policy for the Invictus role that stole credentials: it used ec2:DescribeInstances and ssm:GetDocument. */
export const ROLE_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Ec2",
      "Effect": "Allow",
      "Action": [
        "ec2:DescribeInstances",
        "ec2:DescribeVolumes",
        "ssm:Get*",
        "s3:GetObject",
        "iam:PassRole"
      ],
      "Resource": "*"
    },
    {
      "Sid": "Unused",
      "Effect": "Allow",
      "Action": "ec2:TerminateInstances",
      "Resource": "*"
    },
    {
      "Sid": "KEEPBreakGlass",
      "Effect": "Allow",
      "Action": "ec2:StopInstances",
      "Resource": "*"
    },
    {
      "Effect": "Deny",
      "Action": "ec2:DeleteVpc",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "NotAction": "iam:*",
      "Resource": "*"
    }
  ]
}
`;

/** ROLE_POLICY tightened to STEAL_ROLE's use in the Invictus history (KEEP, Deny and NotAction statements untouched). */
export const TIGHTENED = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Ec2",
      "Effect": "Allow",
      "Action": [
        "ec2:DescribeInstances",
        "ssm:GetDocument",
        "s3:GetObject",
        "iam:PassRole"
      ],
      "Resource": "*"
    },
    {
      "Sid": "KEEPBreakGlass",
      "Effect": "Allow",
      "Action": "ec2:StopInstances",
      "Resource": "*"
    },
    {
      "Effect": "Deny",
      "Action": "ec2:DeleteVpc",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "NotAction": "iam:*",
      "Resource": "*"
    }
  ]
}
`;
