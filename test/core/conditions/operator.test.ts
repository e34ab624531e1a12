import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';
import { correctOperatorCase, parseOperator } from '../../../core/rules/conditions/operators';
import { withCondition } from './policy';

const OPERATOR_CODES = new Set(['INVALID_CONDITION_OPERATOR', 'NULL_WITH_IF_EXISTS', 'NULL_WITH_QUALIFIER']);
const operatorCodes = (text: string) => codes(check(text)).filter((c) => OPERATOR_CODES.has(c));

void test('operators parse with their set qualifier and IfExists suffix, case-sensitively', () => {
  assert.deepEqual(
    (({ base, qualifier, ifExists }) => ({ base: base.name, qualifier, ifExists }))(parseOperator('ForAnyValue:StringLikeIfExists')!),
    { base: 'StringLike', qualifier: 'ForAnyValue', ifExists: true },
  );
  assert.equal(parseOperator('stringequals'), undefined);
  assert.equal(parseOperator('ForSomeValues:StringEquals'), undefined);
  assert.equal(parseOperator('IfExists'), undefined);
  assert.equal(correctOperatorCase('forallvalues:stringequalsifexists'), 'ForAllValues:StringEqualsIfExists');
  assert.equal(correctOperatorCase('StringEquals'), undefined);
});

void test('an unknown operator gets INVALID_CONDITION_OPERATOR on the operator key', () => {
  const text = withCondition({ StringEqual: { 'aws:username': 'bob' } });
  const finding = only(check(text), 'INVALID_CONDITION_OPERATOR');
  assert.equal(spanText(text, finding), '"StringEqual"');
});

void test('a wrongly cased operator is invalid and its fix restores the case', () => {
  const text = withCondition({ stringEquals: { 'aws:username': 'bob' } });
  const finding = only(check(text), 'INVALID_CONDITION_OPERATOR');
  assert.equal(spanText(text, finding), '"stringEquals"');
  const fixed = applyFix(text, finding);
  assert.match(fixed, /"StringEquals": \{/);
  assert.deepEqual(operatorCodes(fixed), []);
});

void test('Null with IfExists or a set qualifier is reported, with a fix to plain Null', () => {
  const ifExists = withCondition({ NullIfExists: { 'aws:TokenIssueTime': 'true' } });
  const f1 = only(check(ifExists), 'NULL_WITH_IF_EXISTS');
  assert.equal(spanText(ifExists, f1), '"NullIfExists"');
  assert.deepEqual(operatorCodes(applyFix(ifExists, f1)), []);

  const qualified = withCondition({ 'ForAllValues:Null': { 'aws:TagKeys': 'false' } });
  const f2 = only(check(qualified), 'NULL_WITH_QUALIFIER');
  assert.equal(spanText(qualified, f2), '"ForAllValues:Null"');
  assert.deepEqual(operatorCodes(applyFix(qualified, f2)), []);
});

void test('valid operators and half-typed conditions raise no operator finding', () => {
  assert.deepEqual(operatorCodes(withCondition({ 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': 'a*' }, BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } })), []);
  assert.deepEqual(operatorCodes(withCondition('StringEquals')), []);
  assert.deepEqual(operatorCodes('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Condition": {"StringEquals": '), []);
});
