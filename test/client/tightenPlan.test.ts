import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { planTighten, TIGHTEN_LABEL, tightenSummary } from '../../client/usage/tightenPlan';

const edit = (line: number, character: number, endLine: number, endCharacter: number, newText: string): TextEdit => ({
  range: { start: { line, character }, end: { line: endLine, character: endCharacter } },
  newText,
});

void test('edits on another document version are not applied', () => {
  const plan = planTighten({ edits: [edit(3, 4, 3, 12, '"s3:GetObject"')], version: 4, notes: [] }, 5, 'app.json');
  assert.equal(plan.kind, 'stale');
  assert.match(plan.kind === 'stale' ? plan.message : '', /app\.json changed .*version 4, now 5/);
});

void test('no edits: nothing to tighten, with the server note saying why', () => {
  const plan = planTighten({ edits: [], version: 2, notes: ['Nothing was tightened: no CloudTrail history is loaded.'] }, 2, 'app.json');
  assert.deepEqual(plan, { kind: 'unchanged', message: 'Nothing to tighten in app.json. Nothing was tightened: no CloudTrail history is loaded.' });
});

void test('every preview entry needs confirmation, in document order, with the range and text unchanged', () => {
  const later = edit(9, 6, 11, 0, '');
  const earlier = edit(4, 16, 4, 22, '[\n        "s3:GetObject",\n        "s3:PutObject"\n      ]');
  const plan = planTighten({ edits: [later, earlier], version: 7, notes: [] }, 7, 'app.json');
  assert.equal(plan.kind, 'preview');
  const entries = plan.kind === 'preview' ? plan.entries : [];
  assert.deepEqual(entries.map((e) => [e.range, e.newText]), [[earlier.range, earlier.newText], [later.range, later.newText]]);
  assert.deepEqual(entries.map((e) => e.metadata), [
    { label: TIGHTEN_LABEL, description: 'line 5: replace', needsConfirmation: true },
    { label: TIGHTEN_LABEL, description: 'lines 10–12: remove', needsConfirmation: true },
  ]);
});

void test('each statement\'s edit is labelled with what it does; an unlabelled edit falls back to the common label', () => {
  const first = edit(4, 16, 4, 22, '"s3:GetObject"');
  const second = edit(9, 6, 11, 0, '');
  const plan = planTighten(
    { edits: [second, first], labels: ['Statement "Unused": remove the statement', ''], version: 1, notes: [] },
    1,
    'app.json',
  );
  const entries = plan.kind === 'preview' ? plan.entries : [];
  assert.deepEqual(entries.map((e) => e.metadata.label), [TIGHTEN_LABEL, 'Statement "Unused": remove the statement']);
});

void test('the closing message counts the edits and leads with the first note', () => {
  assert.equal(tightenSummary('app.json', true, 1, []), 'Tightened app.json (1 edit).');
  assert.equal(
    tightenSummary('app.json', true, 3, ['Statement "Admin" uses NotAction; left as it is.', 'iam:PassRole kept: not observable.']),
    'Tightened app.json (3 edits). Statement "Admin" uses NotAction; left as it is. (and 1 more in the output)',
  );
  assert.match(tightenSummary('app.json', false, 3, []), /^Nothing of the tightening of app\.json was applied/);
});
