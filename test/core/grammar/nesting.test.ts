import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { MAX_NESTING, parsePolicy } from '../../../core/policy/parse';

const tooDeep = (text: string) => parsePolicy(text).problems.find((p) => p.kind === 'too-deep')?.offset;

void test('nesting beyond the limit is reported at the first bracket past it; brackets in strings and comments do not count', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  assert.equal(tooDeep(nested(MAX_NESTING)), undefined);
  assert.equal(tooDeep(`{"a": ${nested(MAX_NESTING)}}`), 6 + MAX_NESTING - 1);
  const quoted = `{"Sid": "${'['.repeat(200)}", "a": "\\"${'{'.repeat(100)}"}`;
  assert.equal(tooDeep(quoted), undefined);
  assert.equal(tooDeep(`{/* ${'['.repeat(100)} */ "a": 1 // ${'{'.repeat(100)}\n}`), undefined);
  assert.equal(tooDeep(`{"a": "unterminated\n${nested(MAX_NESTING + 1)}`), 20 + MAX_NESTING - 1);
});
