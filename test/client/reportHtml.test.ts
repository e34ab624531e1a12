import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageBuilder } from '../../core/trail/usage';
import { escapeHtml, reportHtml } from '../../client/views/reportHtml';
import { usageReportFromDaily } from '../../core/usage/usageReportModel';
import { apiCall, testMapper } from '../trail/helpers';

const XSS = '<img src=x onerror=alert(1)>';
const ASSETS = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Utb2YtdGhpcy1wYWdl',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/report/report.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/report/report.css',
};

/** Asserts the page has no markup from the logs: no `<img`, no event handler, and the text escaped. */
function assertInert(html: string): void {
  assert.doesNotMatch(html, /<img/i);
  // No tag has an event-handler attribute once its (quoted, escaped) attribute values are set aside.
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) assert.doesNotMatch(tag.replace(/"[^"]*"/g, '""'), /\son\w+=/i, tag);
  assert.ok(html.includes(escapeHtml(XSS)));
}

void test('a principal, service and day from the logs render as text, never as markup', () => {
  const principal = `arn:aws:iam::111122223333:role/${XSS}`;
  const rows = [
    { principal, service: XSS, day: '2026-08-24', count: 3, denied: 1 },
    { principal, service: 's3', day: '2026-08-26', count: 5, denied: 0 },
  ];
  const html = reportHtml(usageReportFromDaily(rows, principal), ASSETS);
  assertInert(html);
  assert.ok(html.includes(`<th scope="row">${escapeHtml(XSS)}</th>`));
});

void test('records whose eventName, eventSource and principal are markup: through the real aggregation, rendered inert', () => {
  const builder = new UsageBuilder(testMapper());
  const arn = `arn:aws:iam::111122223333:user/${XSS}`;
  const identity = { type: 'IAMUser', arn, accountId: '111122223333' };
  builder.addRecords(
    [
      apiCall({ userIdentity: identity, eventName: XSS }),
      apiCall({ userIdentity: identity, eventSource: `${XSS}.amazonaws.com`, eventName: XSS }),
      apiCall({ userIdentity: identity }),
    ],
    { kind: 'files', id: 'test' },
  );
  const snapshot = builder.snapshot();
  const report = usageReportFromDaily(snapshot.daily, arn);
  assert.ok(report.services.length > 0, 'the principal has a timeline');
  const html = reportHtml(report, ASSETS);
  assertInert(html);
});

void test('strict CSP with a nonce; every script carries it; nothing remote', () => {
  const principal = 'arn:aws:iam::111122223333:role/App';
  const html = reportHtml(usageReportFromDaily([{ principal, service: 's3', day: '2026-08-24', count: 1, denied: 0 }], principal), ASSETS);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(csp, 'CSP meta present');
  const policy = csp.replace(/&#39;/g, "'");
  assert.match(policy, /^default-src 'none'; /);
  assert.ok(policy.includes(`script-src 'nonce-${ASSETS.nonce}'`));
  assert.ok(policy.includes(`style-src ${ASSETS.cspSource} 'nonce-${ASSETS.nonce}'`));
  assert.ok(policy.includes(`img-src ${ASSETS.cspSource} data:`));
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.ok(scripts.length > 0);
  for (const tag of scripts) assert.ok(tag.includes(`nonce="${ASSETS.nonce}"`), tag);
  // Only the webview's own resources are referenced.
  for (const [, url] of html.matchAll(/(?:src|href)="([^"]*)"/g)) assert.ok(url?.startsWith(ASSETS.cspSource), url);
  assert.doesNotMatch(html, /\sstyle="/, 'no inline style attributes (the CSP would block them)');
});

void test('the timeline: one row per service, busiest first, bars at their day, empty principal explained', () => {
  const principal = 'arn:aws:iam::111122223333:role/App';
  const report = usageReportFromDaily(
    [
      { principal, service: 'sqs', day: '2026-08-24', count: 1, denied: 0 },
      { principal, service: 's3', day: '2026-08-24', count: 5, denied: 0 },
      { principal, service: 's3', day: '2026-08-27', count: 2, denied: 2 },
      { principal: 'arn:aws:iam::111122223333:role/Other', service: 'ec2', day: '2026-01-01', count: 9, denied: 0 },
    ],
    principal,
  );
  assert.deepEqual([report.from, report.to], ['2026-08-24', '2026-08-27']);
  assert.deepEqual(report.services.map((s) => [s.service, s.calls, s.denied, s.days.length]), [['s3', 7, 2, 2], ['sqs', 1, 0, 1]]);
  const html = reportHtml(report, ASSETS);
  assert.deepEqual([...html.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]), ['s3', 'sqs']);
  assert.equal((html.match(/class="denied" x=/g) ?? []).length, 1);
  assert.equal((html.match(/class="day"/g) ?? []).length, 3);
  const empty = reportHtml(usageReportFromDaily([], principal), ASSETS);
  assert.match(empty, /class="empty"/);
  assert.doesNotMatch(empty, /<svg/);
});
