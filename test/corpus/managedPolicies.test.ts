import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Finding } from '../../core/findings/finding';
import { validatePolicy } from '../../core/validate';
import { testCatalog } from '../helpers/policy';
import { countByCode, describeFinding, latestManagedPolicies } from './corpora';

/** Failures listed in the assertion message; the rest are counted. */
const SHOWN = 25;

void test('the latest version of every AWS managed policy validates as an identity policy without errors', (t) => {
  const policies = latestManagedPolicies();
  assert.ok(policies.length >= 1500, `expected the full managed-policy corpus, got ${policies.length} policies`);

  const all: Finding[] = [];
  const errors: string[] = [];
  for (const policy of policies) {
    const { findings } = validatePolicy(policy.text, {
      catalog: testCatalog(),
      kind: 'identity',
      onRuleError: (rule, error) => errors.push(`${policy.name}: rule ${rule} threw ${String(error)}`),
    });
    all.push(...findings);
    for (const f of findings) if (f.severity === 'error') errors.push(describeFinding(policy, f));
  }

  const perCode = countByCode(all).map(([code, n]) => `${code} ${n}`);
  t.diagnostic(`${policies.length} managed policies, ${all.length} findings: ${perCode.join(', ') || 'none'}`);
  const errorCodes = countByCode(all.filter((f) => f.severity === 'error')).map(([code, n]) => `${code} ${n}`);
  assert.equal(
    errors.length,
    0,
    `${errors.length} errors (or rule crashes) on AWS's own policies [${errorCodes.join(', ')}]; first ${SHOWN}:\n` +
      errors.slice(0, SHOWN).join('\n'),
  );
});
