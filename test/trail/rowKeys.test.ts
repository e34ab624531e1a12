import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grownFloat64, RowKeys } from '../../core/trail/rowKeys';

void test('rows are found by all of their keys, numbered in the order added, across many growths', () => {
  const keys = new RowKeys(3);
  // Keys that differ in one place only, or only in high bits: a table that compares or hashes part of a key fails.
  const added: [number, number, number][] = [];
  for (let i = 0; i < 3000; i++) added.push([i, 0, 0], [0, i + 1, 0], [0, 0, i + 1], [(i + 1) << 16, 7, 7 - i], [7, -i - 1, (i + 1) << 20]);
  for (const [n, [a, b, c]] of added.entries()) {
    assert.equal(keys.find(a, b, c), -1);
    assert.equal(keys.add(a, b, c), n);
  }
  assert.equal(keys.size, added.length);
  assert.ok(keys.capacity >= added.length);
  for (const [n, [a, b, c]] of added.entries()) {
    assert.equal(keys.find(a, b, c), n);
    assert.deepEqual([keys.keys[0][n], keys.keys[1][n], keys.keys[2][n]], [a, b, c]);
  }
  for (let i = 0; i < 3000; i++) assert.equal(keys.find(i, 1, 1), -1);
});

void test('a table of two keys ignores the third and tells rows apart by both', () => {
  const keys = new RowKeys(2);
  for (let a = 0; a < 200; a++) for (let b = 0; b < 20; b++) keys.add(a, b);
  assert.equal(keys.find(199, 19), 199 * 20 + 19);
  assert.equal(keys.find(19, 199), -1);
  assert.equal(keys.find(3, 4, 99), 3 * 20 + 4);
});

void test('a grown column keeps its numbers and at least doubles', () => {
  const column = Float64Array.from([1.5, Date.parse('2026-08-24T10:00:00Z'), -0]);
  assert.equal(grownFloat64(column, 3), column);
  const grown = grownFloat64(column, 4);
  assert.equal(grown.length, 6);
  assert.deepEqual([...grown.subarray(0, 3)], [...column]);
});
