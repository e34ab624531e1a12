import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrailSplitter } from '../../core/trail/fileFormats';
import { INVICTUS, apiCall } from './helpers';

/** Feeds `text` in pieces of `size` characters; the records handed over, or undefined when the splitter refused. */
function split(text: string, size: number): unknown[] | undefined {
  const records: unknown[] = [];
  const splitter = new TrailSplitter((batch) => records.push(...batch));
  for (let i = 0; i < text.length; i += size) if (!splitter.push(text.slice(i, i + size))) return undefined;
  return splitter.end() ? records : undefined;
}

void test('the real Invictus trail files split into exactly the records JSON.parse gives, whatever the chunk size', () => {
  const files = readdirSync(INVICTUS).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 0);
  for (const file of files) {
    const text = readFileSync(join(INVICTUS, file), 'utf8');
    const expected = (JSON.parse(text) as { Records: unknown[] }).Records;
    for (const size of [1, 7, 4096, text.length]) assert.deepEqual(split(text, size), expected, `${file} in pieces of ${size}`);
  }
});

void test('strings with quotes, backslashes and brackets, and pretty-printed files, split like JSON.parse', () => {
  const tricky = apiCall({ errorMessage: 'a "quoted" \\ back\\\\slash } ] { [ \\"', requestParameters: { k: ['}', '\\', { x: '"]' }] } });
  const records = [tricky, apiCall(), apiCall({ eventName: 'GetObject' })];
  for (const text of [JSON.stringify({ Records: records }), JSON.stringify({ Records: records }, null, 2), '{"Records":[]}']) {
    for (const size of [1, 3, 64]) assert.deepEqual(split(text, size), (JSON.parse(text) as { Records: unknown[] }).Records);
  }
});

void test('anything but a plain trail file is refused, so the caller parses it whole', () => {
  const good = JSON.stringify({ Records: [apiCall(), apiCall()] });
  const refused = [
    good.slice(0, -10), // truncated
    `${good}}`, // trailing garbage
    good.replace('},{', '}{'), // missing comma
    good.replace('},{', '},,{'), // two commas
    good.replace('[{', '[,{'), // leading comma
    good.replace('}]}', '},]}'), // trailing comma
    '{"Records":[1,2]}', // elements that are not objects
    '{"other":1,"Records":[]}', // another member first
    '{"Records":[],"other":1}', // another member after
    JSON.stringify({ Events: [] }),
    '{"Records":[{"a":tru}]}', // bad JSON inside a record
  ];
  for (const text of refused) for (const size of [1, 5, 1000]) assert.equal(split(text, size), undefined, `${text} in pieces of ${size}`);
});

void test('large files: separators inside nested values, bad JSON and truncation far from the start', () => {
  const plain = Array.from({ length: 400 }, (_, n) => apiCall({ eventName: `Get${n}` }));
  // A record separator inside a nested array: a cut there is refused by JSON.parse, never used.
  const nested = plain.map((r, n) => (n % 50 === 7 ? { ...r, resources: [{ a: 1 }, { eventVersion: 'x', b: ['},{"eventVersion":"'] }] } : r));
  const everywhere = plain.map((r) => ({ ...r, resources: [{ a: 1 }, { eventVersion: 'x' }] }));
  for (const records of [plain, nested, everywhere]) {
    const text = JSON.stringify({ Records: records });
    assert.ok(text.length > 100_000);
    for (const size of [997, 65_536, text.length]) assert.deepEqual(split(text, size), records);
  }
  const text = JSON.stringify({ Records: plain });
  const middle = text.indexOf('"Get200"');
  for (const bad of [text.slice(0, middle) + 'tru' + text.slice(middle + 3), text.slice(0, -2000), text.replace('},{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"},"eventTime":"2026-08-24T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"Get300"', '}{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"},"eventTime":"2026-08-24T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"Get300"')]) {
    assert.notEqual(bad, text);
    for (const size of [4096, bad.length]) assert.equal(split(bad, size), undefined);
  }
});
