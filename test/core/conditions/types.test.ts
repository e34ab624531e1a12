import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, only, spanText } from '../../helpers/policy';
import { withCondition } from './policy';

const TYPE_CODES = new Set([
  'TYPE_MISMATCH', 'TYPE_MISMATCH_STRING', 'TYPE_MISMATCH_NUMBER', 'TYPE_MISMATCH_BOOLEAN', 'TYPE_MISMATCH_DATE', 'TYPE_MISMATCH_IP_RANGE',
  'INVALID_DATE_VALUE', 'DATA_TYPE_MISMATCH', 'FORALLVALUES_WITH_SINGLE_VALUED_KEY', 'INVALID_CONDITION_MULTIPLE_BOOLEAN',
]);
const typeCodes = (text: string) => codes(check(text)).filter((c) => TYPE_CODES.has(c));

void test('an operator that cannot compare the key type gets TYPE_MISMATCH on the key', () => {
  const text = withCondition({ StringEquals: { 'aws:MultiFactorAuthPresent': 'true' } });
  assert.equal(spanText(text, only(check(text), 'TYPE_MISMATCH')), '"aws:MultiFactorAuthPresent"');
  assert.deepEqual(typeCodes(withCondition({ NumericLessThan: { 'aws:SourceIp': '1' } })), ['TYPE_MISMATCH']);
});

void test('ARN keys take string operators, and Null takes any key', () => {
  assert.deepEqual(typeCodes(withCondition({ StringLike: { 'aws:SourceArn': 'arn:aws:sns:*' }, Null: { 'aws:MultiFactorAuthAge': 'true' } })), []);
  assert.deepEqual(typeCodes(withCondition({ NumericGreaterThan: { 'aws:EpochTime': '1700000000' } })), []);
});

void test('values the operator cannot read get the TYPE_MISMATCH_<type> of the operator, on the value', () => {
  const cases: [unknown, string, string][] = [
    [{ Bool: { 'aws:SecureTransport': 'yes' } }, 'TYPE_MISMATCH_BOOLEAN', '"yes"'],
    [{ NumericLessThan: { 'aws:MultiFactorAuthAge': 'abc' } }, 'TYPE_MISMATCH_NUMBER', '"abc"'],
    [{ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '999.1.1.1/33'] } }, 'TYPE_MISMATCH_IP_RANGE', '"999.1.1.1/33"'],
    [{ DateGreaterThan: { 'aws:CurrentTime': 'tomorrow' } }, 'TYPE_MISMATCH_DATE', '"tomorrow"'],
    [{ StringEquals: { 'aws:SourceAccount': 123456789012 } }, 'TYPE_MISMATCH_STRING', '123456789012'],
    [{ Null: { 'aws:TokenIssueTime': 'maybe' } }, 'TYPE_MISMATCH_BOOLEAN', '"maybe"'],
  ];
  for (const [condition, code, span] of cases) {
    const text = withCondition(condition);
    assert.equal(spanText(text, only(check(text), code)), span, code);
  }
});

void test('good values pass: IPv6, dates with time zones, JSON booleans, variables', () => {
  const text = withCondition({
    IpAddress: { 'aws:SourceIp': ['2001:DB8:1234:5678::/64', '203.0.113.7'] },
    DateLessThan: { 'aws:CurrentTime': '2026-01-31T12:00:00+01:00' },
    Bool: { 'aws:SecureTransport': false },
    StringEquals: { 'aws:username': '${aws:username}' },
  });
  assert.deepEqual(typeCodes(text), []);
});

void test('a date as epoch seconds gets INVALID_DATE_VALUE, except on aws:EpochTime', () => {
  const text = withCondition({ DateGreaterThan: { 'aws:CurrentTime': '1700000000' } });
  assert.equal(spanText(text, only(check(text), 'INVALID_DATE_VALUE')), '"1700000000"');
  assert.deepEqual(typeCodes(withCondition({ DateGreaterThan: { 'aws:EpochTime': '1700000000' } })), []);
});

void test('an object or null value gets DATA_TYPE_MISMATCH', () => {
  const text = withCondition({ StringEquals: { 'aws:username': [{ a: 1 }, null] } });
  const found = check(text).filter((f) => f.code === 'DATA_TYPE_MISMATCH').map((f) => spanText(text, f));
  assert.deepEqual(found, ['{\n              "a": 1\n            }', 'null']);
});

void test('ForAllValues on a single-valued key gets FORALLVALUES_WITH_SINGLE_VALUED_KEY; on a multivalued key it passes', () => {
  const text = withCondition({ 'ForAllValues:StringEquals': { 'aws:RequestedRegion': ['eu-west-1'] } });
  assert.equal(spanText(text, only(check(text), 'FORALLVALUES_WITH_SINGLE_VALUED_KEY')), '"aws:RequestedRegion"');
  assert.deepEqual(typeCodes(withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } })), []);
});

void test('a Boolean key compared with several values gets INVALID_CONDITION_MULTIPLE_BOOLEAN on the list', () => {
  const text = withCondition({ Bool: { 'aws:SecureTransport': ['true', 'false'] } });
  assert.equal(spanText(text, only(check(text), 'INVALID_CONDITION_MULTIPLE_BOOLEAN')).replace(/\s+/g, ''), '["true","false"]');
});
