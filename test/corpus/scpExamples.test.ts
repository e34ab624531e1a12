import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Finding } from '../../core/findings/finding';
import { validatePolicy } from '../../core/validate';
import { testCatalog } from '../helpers/policy';
import { countByCode, describeFinding, scpExamples, type CorpusPolicy } from './corpora';

/** The one example AWS ships with a `//` comment, which IAM rejects (the comment itself says so). */
const INVALID = 'Service-specific-controls/AWS-IAM/deny-service-specific-credential-by-type.json';

function validateScp(policy: CorpusPolicy, crashes: string[]): Finding[] {
  return validatePolicy(policy.text, {
    catalog: testCatalog(),
    kind: 'scp',
    fileName: policy.name,
    onRuleError: (rule, error) => crashes.push(`${policy.name}: rule ${rule} threw ${String(error)}`),
  }).findings;
}

/** The 0-based line of an offset, as an editor would show it (minus one). */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length - 1;
}

void test('the 56 valid AWS SCP examples validate as SCPs without errors', (t) => {
  const valid = scpExamples().filter((p) => p.name !== INVALID);
  assert.equal(valid.length, 56);
  const all: Finding[] = [];
  const errors: string[] = [];
  for (const policy of valid) {
    const findings = validateScp(policy, errors);
    all.push(...findings);
    for (const f of findings) if (f.severity === 'error') errors.push(describeFinding(policy, f));
  }
  const perCode = countByCode(all).map(([code, n]) => `${code} ${n}`);
  t.diagnostic(`${valid.length} SCP examples, ${all.length} findings: ${perCode.join(', ') || 'none'}`);
  assert.equal(errors.length, 0, `${errors.length} errors (or rule crashes) on AWS's SCP examples:\n${errors.join('\n')}`);
});

void test('the SCP example with a // comment gets JSON_SYNTAX_ERROR on the comment line, and nothing else breaks', () => {
  const policy = scpExamples().find((p) => p.name === INVALID);
  assert.ok(policy, `${INVALID} is missing from the fixtures`);
  const crashes: string[] = [];
  const findings = validateScp(policy, crashes);
  assert.deepEqual(crashes, []);
  const syntax = findings.filter((f) => f.code === 'JSON_SYNTAX_ERROR');
  assert.equal(syntax.length, 1, JSON.stringify(syntax));
  const [finding] = syntax as [Finding];
  assert.equal(lineOf(policy.text, finding.span.offset), 14);
  assert.match(policy.text.slice(finding.span.offset, finding.span.offset + finding.span.length), /^\/\/add or remove/);
  // The comment is the only problem: the policy around it is an ordinary SCP.
  assert.deepEqual(
    findings.filter((f) => f.severity === 'error' && f !== finding).map((f) => describeFinding(policy, f)),
    [],
  );
});
