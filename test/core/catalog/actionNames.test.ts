import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadActionNames } from '../../../core/catalog/actionNames';
import { testCatalog } from '../../helpers/policy';

const names = loadActionNames(join(__dirname, '..', '..', '..', 'dist'));

test('the action names answer every catalog action as the catalog does, whatever the case', () => {
  const catalog = testCatalog();
  let checked = 0;
  for (const prefix of catalog.servicePrefixes()) {
    for (const action of catalog.actionsOf(prefix)) {
      const expected = { service: action.service, name: action.name };
      assert.deepEqual(names.action(prefix.toUpperCase(), action.name.toLowerCase()), expected);
      checked++;
    }
  }
  assert.ok(checked > 10_000, `only ${checked} actions checked`);
  assert.equal(names.source, catalog.source);
});

test('unknown services and actions are undefined, as in the catalog', () => {
  assert.equal(names.action('s3', 'GetObjects'), undefined);
  assert.equal(names.action('nosuchservice', 'GetObject'), undefined);
  assert.equal(names.action('s3', ''), undefined);
});
