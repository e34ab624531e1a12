import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { gunzipInto, gunzipIntoAvailable } from '../../core/trail/gunzipInto';

const TEXT = Buffer.from(`{"Records":[${'{"eventVersion":"1.08","eventName":"GetObject"},'.repeat(2000)}{}]}`);

/** Gunzips `input` into a buffer of `room` bytes plus the one that tells a text too long. */
function into(input: Uint8Array, room: number) {
  const out = new Uint8Array(room + 1);
  return { result: gunzipInto(input, out), out };
}

void test("this Node's zlib is used directly (else imports stream every file through zlib's stream)", () => {
  assert.equal(gunzipIntoAvailable(), true);
});

void test('a text that fits exactly is written whole; one byte more room changes nothing', () => {
  for (const room of [TEXT.length, TEXT.length + 1]) {
    const { result, out } = into(gzipSync(TEXT), room);
    assert.deepEqual(result, { length: TEXT.length });
    assert.ok(TEXT.equals(out.subarray(0, TEXT.length)));
  }
});

void test('a text longer than the room is told apart', () => {
  assert.deepEqual(into(gzipSync(TEXT), TEXT.length - 1).result, { tooLong: true });
});

void test('every member of a multi-member gzip is read, as Node gunzips it', () => {
  const input = Buffer.concat([gzipSync(TEXT.subarray(0, 1000)), gzipSync(TEXT.subarray(1000))]);
  const { result, out } = into(input, TEXT.length);
  assert.deepEqual(result, { length: TEXT.length });
  assert.ok(TEXT.equals(out.subarray(0, TEXT.length)));
});

void test("corrupt and truncated files give zlib's error, and the next file is read as if none had happened", () => {
  const good = gzipSync(TEXT);
  const flipped = Buffer.from(good);
  flipped[good.length - 6] = (flipped[good.length - 6] ?? 0) ^ 0xff;
  assert.deepEqual(into(flipped, TEXT.length).result, { error: 'incorrect data check' });
  assert.deepEqual(into(good.subarray(0, good.length >> 1), TEXT.length).result, { error: 'unexpected end of file' });
  assert.deepEqual(into(Buffer.from('not gzip at all'), TEXT.length).result, { error: 'incorrect header check' });
  assert.deepEqual(into(good, TEXT.length).result, { length: TEXT.length });
});

void test('a handle stopped part-way by a text too long reads the next file from its start', () => {
  assert.deepEqual(into(gzipSync(TEXT), 100).result, { tooLong: true });
  const short = Buffer.from('{"Records":[]}');
  const { result, out } = into(gzipSync(short), 100);
  assert.deepEqual(result, { length: short.length });
  assert.ok(short.equals(out.subarray(0, short.length)));
});
