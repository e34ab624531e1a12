import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindingPicks, principalPicks } from '../../client/usage/principalPicks';
import { historyLabel } from '../../client/usage/historyLabel';
import type { PrincipalItem } from '../../server/protocol';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-21T12:00:00Z');
const APP: PrincipalItem = { arn: 'arn:aws:iam::111122223333:role/service/App', account: '111122223333', kind: 'role', name: 'App', lastActivity: NOW - 3 * DAY };
const ALICE: PrincipalItem = { arn: 'arn:aws:iam::444455556666:user/alice', account: '444455556666', kind: 'user', name: 'alice', lastActivity: NOW - 40 * DAY };

void test('one item per principal in the server order, with kind, account and last activity', () => {
  const picks = principalPicks([APP, ALICE], NOW);
  assert.deepEqual(picks.map((p) => p.principal), [APP.arn, ALICE.arn]);
  assert.deepEqual(picks[0], {
    label: '$(shield) App',
    description: 'role · account 111122223333',
    detail: `Last activity 3 days ago (2026-11-18) · ${APP.arn}`,
    principal: APP.arn,
  });
  assert.equal(picks[1]?.label, '$(person) alice');
  assert.equal(picks[1]?.description, 'user · account 444455556666');
});

void test('the binding pick ends with "Remove binding", which chooses null', () => {
  const picks = bindingPicks([APP], NOW);
  assert.deepEqual(picks.map((p) => p.principal), [APP.arn, null]);
  assert.match(picks[1]?.label ?? '', /Remove binding/);
  assert.deepEqual(bindingPicks([], NOW).map((p) => p.principal), [null]);
});

void test('the history item shows the loaded range, hides without a cache, warns when the cache could not be loaded', () => {
  const from = Date.parse('2026-08-24T03:00:00Z');
  const to = Date.parse('2026-11-21T23:59:00Z');
  const loaded = historyLabel({ loaded: true, from, to, accounts: 3, principals: 1 });
  assert.equal(loaded?.text, '$(history) 2026-08-24 → 2026-11-21');
  assert.match(loaded?.tooltip ?? '', /3 accounts, 1 principal\./);
  assert.equal(loaded?.warning, false);
  assert.equal(historyLabel({ loaded: false }), undefined);
  assert.equal(historyLabel(undefined), undefined);
  const broken = historyLabel({ loaded: false, message: '.trailtight/cache.json is not valid JSON' });
  assert.equal(broken?.warning, true);
  assert.match(broken?.tooltip ?? '', /cache\.json is not valid JSON/);
  assert.equal(historyLabel({ loaded: true })?.text, '$(history) empty history');
});
