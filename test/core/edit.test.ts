import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTextEdits, removeValue, setValue } from '../../core/fixes/edit';

const remove = (text: string, path: (string | number)[]) => applyTextEdits(text, removeValue(text, path));

void test('removing an array item takes the item and one separator, on one line or many', () => {
  assert.equal(remove('{"A": ["a", "b", "c"]}', ['A', 2]), '{"A": ["a", "b"]}');
  assert.equal(remove('{"A": ["a", "b", "c"]}', ['A', 1]), '{"A": ["a", "c"]}');
  assert.equal(remove('{"A": ["a", "b", "c"]}', ['A', 0]), '{"A": ["b", "c"]}');
  assert.equal(remove('{"A": [1, 22]}', ['A', 1]), '{"A": [1]}');
  assert.equal(remove('{"A": [\n  "a",\n  "b"\n]}', ['A', 1]), '{"A": [\n  "a"\n]}');
  assert.equal(remove('{"A": [\n  "a",\n  "b"\n]}', ['A', 0]), '{"A": [\n  "b"\n]}');
  assert.equal(remove('{"A": ["a"]}', ['A', 0]), '{"A": []}');
});

void test('removing a property leaves the rest of a one-line document as it was', () => {
  assert.equal(remove('{"a": 1, "b": {"c": [1]}}', ['b']), '{"a": 1}');
  assert.equal(remove('{"a": 1, "b": 2}', ['a']), '{"b": 2}');
});

void test('a value set in a one-line document stays on one line; in an indented one it is indented alike', () => {
  assert.equal(applyTextEdits('{"A": "x"}', setValue('{"A": "x"}', ['A'], ['y', 'z'])), '{"A": ["y","z"]}');
  const text = '{\n    "A": "x"\n}';
  assert.equal(applyTextEdits(text, setValue(text, ['A'], ['y', 'z'])), '{\n    "A": [\n        "y",\n        "z"\n    ]\n}');
});
