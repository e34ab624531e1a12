import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTime } from '../../core/trail/record';

void test("parseTime's fast path gives Date.UTC's value for CloudTrail times, rolled-over digits included", () => {
  const utc = (t: string) => Date.UTC(+t.slice(0, 4), +t.slice(5, 7) - 1, +t.slice(8, 10), +t.slice(11, 13), +t.slice(14, 16), +t.slice(17, 19));
  const times = ['2026-08-24T10:00:00Z', '2026-08-24T23:59:59Z', '2026-08-25T00:00:01Z', '2024-02-29T12:00:00Z', '2026-02-30T25:61:99Z', '0099-13-00T00:00:00Z'];
  for (const t of times) assert.equal(parseTime(t), utc(t), t);
  for (let day = 0; day < 400; day += 7) {
    const t = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000 + day * 1234_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    assert.equal(parseTime(t), Date.parse(t), t);
  }
});

void test('other ISO spellings go through Date.parse; text that is no time gives NaN', () => {
  for (const t of ['2026-08-24T10:00:00.123Z', '2026-08-24T10:00:00+02:00']) assert.equal(parseTime(t), Date.parse(t), t);
  for (const t of ['2026-08-24T1a:00:00Z', 'yesterday', '']) assert.ok(Number.isNaN(parseTime(t)), t);
});
