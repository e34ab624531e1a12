import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

const a = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const b = { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' };

void test('a repeated Sid is required unique in identity policies, recommended unique in resource policies', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'S', ...a }, { Sid: 'S', ...b }] });
  const required = only(check(text), 'UNIQUE_SIDS_REQUIRED');
  assert.equal(required.span.offset, text.lastIndexOf('"S"'));
  const resource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'S', Principal: '*', ...a }, { Sid: 'S', Principal: '*', ...b }] });
  assert.equal(spanText(resource, only(check(resource, { kind: 'resource' }), 'UNIQUE_SIDS_RECOMMENDED')), '"S"');
  assert.ok(!codes(check(resource, { kind: 'resource' })).includes('UNIQUE_SIDS_REQUIRED'));
});

void test('a Sid with characters other than letters and digits is UNSUPPORTED_SID in identity policies; the fix strips them', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read only-1', ...a }] });
  const finding = only(check(text), 'UNSUPPORTED_SID');
  assert.equal(spanText(text, finding), '"Read only-1"');
  const fixed = applyFix(text, finding);
  assert.match(fixed, /"Sid": ?"Readonly1"/);
  assert.deepEqual(codes(check(fixed)), []);
});

void test('resource policies accept Sids with spaces', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Public read', Principal: '*', ...a }] });
  assert.ok(!codes(check(text, { kind: 'resource' })).includes('UNSUPPORTED_SID'));
});

void test('an empty Sid gets EMPTY_SID_VALUE and the fix removes it', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: '', ...a }] }, null, 2);
  const finding = only(check(text), 'EMPTY_SID_VALUE');
  assert.equal(spanText(text, finding), '""');
  assert.deepEqual(codes(check(applyFix(text, finding))), []);
});
