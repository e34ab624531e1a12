import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { bindingPrincipalEdits } from '../../core/config/bindings';
import { normalizeSettings } from '../../core/config/settings';
import { applyTextEdits } from '../../core/fixes/edit';

function bind(text: string, path: string, principal: string | null): string {
  const result = bindingPrincipalEdits(text, path, principal);
  assert.ok('edits' in result, 'error' in result ? result.error : '');
  return applyTextEdits(text, result.edits);
}

const FILE = '{\n  "bindings": [\n    { "path": "org/**", "kind": "scp", "principal": "111122223333" },\n    { "path": "app.json", "principal": "App" }\n  ]\n}\n';

test('binding a principal: a new file, an exact entry updated in place, a new entry first keeping a glob\'s kind', () => {
  assert.equal(bind('', 'a/b.json', 'role/App'), '{\n  "bindings": [\n    {\n      "path": "a/b.json",\n      "principal": "role/App"\n    }\n  ]\n}\n');
  assert.equal(bind(FILE, 'app.json', 'Other'), FILE.replace('"principal": "App"', '"principal": "Other"'));
  const inserted = JSON.parse(bind(FILE, 'org/prod/x.json', '444455556666')) as { bindings: unknown[] };
  assert.deepEqual(inserted.bindings[0], { path: 'org/prod/x.json', principal: '444455556666', kind: 'scp' });
});

test('unbinding: an entry with only a principal goes; one with a kind keeps it; a glob principal is masked', () => {
  assert.deepEqual(JSON.parse(bind(FILE, 'app.json', null)), { bindings: [{ path: 'org/**', kind: 'scp', principal: '111122223333' }] });
  const withKind = '{"bindings": [{"path": "x.json", "kind": "identity", "principal": "App"}]}';
  assert.deepEqual(JSON.parse(bind(withKind, 'x.json', null)), { bindings: [{ path: 'x.json', kind: 'identity' }] });
  assert.deepEqual((JSON.parse(bind(FILE, 'org/a.json', null)) as { bindings: unknown[] }).bindings[0], { path: 'org/a.json', kind: 'scp' });
  assert.equal(bind('', 'x.json', null), '');
  assert.equal(bind(FILE, 'elsewhere.json', null), FILE);
});

test('an invalid bindings file is an error, not an edit', () => {
  const result = bindingPrincipalEdits('{"bindings": [{"path": 1}]}', 'x.json', 'App');
  assert.ok('error' in result && result.error.includes('/bindings/0/path'));
});

test('trailtight.usage settings: defaults, valid values, and bad values named and replaced by defaults', () => {
  assert.deepEqual(normalizeSettings({}).settings.usage, {
    windowDays: 90,
    minCoverageDays: 30,
    staleDays: 7,
    keepMarker: 'KEEP',
    includeNotObservableInTighten: false,
  });
  const set = normalizeSettings({ usage: { windowDays: 400, minCoverageDays: 0, staleDays: 30, keepMarker: '', includeNotObservableInTighten: true } });
  assert.deepEqual([set.settings.usage, set.problems], [
    { windowDays: 400, minCoverageDays: 0, staleDays: 30, keepMarker: '', includeNotObservableInTighten: true },
    [],
  ]);
  const bad = normalizeSettings({ usage: { windowDays: 0, staleDays: 'week', keepMarker: 3, includeNotObservableInTighten: 'yes' } });
  assert.deepEqual(bad.settings.usage, normalizeSettings({}).settings.usage);
  assert.deepEqual(
    bad.problems.map((p) => p.split(' ')[0]),
    ['trailtight.usage.windowDays', 'trailtight.usage.staleDays', 'trailtight.usage.keepMarker', 'trailtight.usage.includeNotObservableInTighten'],
  );
});
