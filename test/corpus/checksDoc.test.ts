import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FINDINGS } from '../../core/findings/table';
import { RULES } from '../../core/rules';
import { CHECKS_FILE, EMITTED_BY_VALIDATOR, implementedValidationCodes, renderChecks } from '../../scripts/genChecks';
import { check, codes } from '../helpers/policy';

void test('docs/CHECKS.md is what `npm run docs:checks` generates from the findings table and the rules', () => {
  const committed = readFileSync(CHECKS_FILE, 'utf8');
  assert.ok(committed === renderChecks(), 'docs/CHECKS.md is out of date: run `npm run docs:checks` and commit it');
});

void test('every code a rule declares is in the findings table', () => {
  const unknown = RULES.flatMap((r) => r.codes.filter((c) => !FINDINGS.has(c)).map((c) => `${r.name}: ${c}`));
  assert.deepEqual(unknown, []);
});

void test('the codes the validator emits itself, not through a rule, are really emitted', () => {
  const huge = JSON.stringify({ Version: '2012-10-17', Statement: [], Padding: 'x'.repeat(1_000_001) });
  const emitted = new Set([...codes(check('{"Version": ')), ...codes(check(huge))]);
  assert.deepEqual(
    Object.keys(EMITTED_BY_VALIDATOR).filter((c) => !emitted.has(c)),
    [],
  );
});

void test('at least 60 distinct validation codes are implemented (issue 2)', () => {
  const implemented = implementedValidationCodes();
  assert.ok(implemented.length >= 60, `only ${implemented.length} codes are implemented: ${implemented.join(', ')}`);
});
