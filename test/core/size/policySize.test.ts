import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { policySize } from '../../../core/rules/size/policySize';

void test('non-whitespace size skips whitespace between tokens but keeps it inside strings', () => {
  assert.equal(policySize('{ "a" : "b c" }', 'non-whitespace characters'), '{"a":"b c"}'.length);
  assert.equal(policySize('{\n\t"a":\r\n 1\n}', 'non-whitespace characters'), '{"a":1}'.length);
});

void test('escaped quotes do not end a string', () => {
  assert.equal(policySize('{"a": "x\\" y"}', 'non-whitespace characters'), '{"a":"x\\" y"}'.length);
  assert.equal(policySize('{"a\\\\": 1}', 'non-whitespace characters'), '{"a\\\\":1}'.length);
});

void test('characters count everything; bytes count UTF-8', () => {
  assert.equal(policySize('{ "a" : 1 }', 'characters'), 11);
  assert.equal(policySize('"é"', 'bytes'), 4);
});
