import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';
import { hasLiteralWildcard } from '../../../core/rules/conditions/wildcard';
import { withCondition } from './policy';

const wildcardCodes = (text: string) => codes(check(text)).filter((c) => c === 'WILDCARD_WITHOUT_LIKE_OPERATOR');

void test('wildcards inside policy variables do not count', () => {
  assert.equal(hasLiteralWildcard('home/${aws:username}/${*}'), false);
  assert.equal(hasLiteralWildcard('home/${aws:username}/*'), true);
});

void test('a wildcard in a StringEquals value is reported on the value and the fix switches to StringLike', () => {
  const text = withCondition({ StringEquals: { 'aws:PrincipalTag/job': 'admin-*' } });
  const finding = only(check(text), 'WILDCARD_WITHOUT_LIKE_OPERATOR');
  assert.equal(spanText(text, finding), '"admin-*"');
  const fixed = applyFix(text, finding);
  assert.match(fixed, /"StringLike": \{/);
  assert.deepEqual(wildcardCodes(fixed), []);
});

void test('no fix when the Like operator already exists in the block; Like and Arn operators are not reported', () => {
  const text = withCondition({ StringNotEquals: { 'aws:username': 'a?' }, StringNotLike: { 'aws:userid': 'x' } });
  const finding = only(check(text), 'WILDCARD_WITHOUT_LIKE_OPERATOR');
  assert.throws(() => applyFix(text, finding), /no fix/);
  assert.deepEqual(wildcardCodes(withCondition({ StringLike: { 'aws:username': 'a*' }, ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:*' } })), []);
});
