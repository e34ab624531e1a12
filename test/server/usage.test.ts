// Observed usage over a real LSP connection: the Invictus trail imported into a workspace cache, a policy bound to one
// of its roles, and what an editor sees — diagnostics, a quick fix, Tighten, the lenses, hover and the panel request.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CodeLensRequest,
  DiagnosticSeverity,
  DidChangeTextDocumentNotification,
  HoverRequest,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { emptyCache, writeCache, type TrailCache } from '../../core/trail/cache';
import { importFiles } from '../../core/trail/localFiles';
import {
  bindPrincipalRequest,
  boundPoliciesRequest,
  generatePolicyRequest,
  lastAccessedRequest,
  principalsRequest,
  tightenRequest,
  usageChangedNotification,
  usageReportRequest,
  type UsageStatusParams,
} from '../../server/protocol';
import { INVICTUS, testMapper } from '../trail/helpers';
import { ROLE_POLICY, STEAL_ROLE, TIGHTENED } from '../usage/helpers';
import { fileUri, LspSession } from './lsp';

/** The Invictus history is from 2023: a window and staleness limit of ten years keep it judgeable today. */
const SETTINGS = { usage: { windowDays: 3650, staleDays: 3650, minCoverageDays: 0 } };
const USAGE_CODES = new Set(['UNUSED_ACTION', 'UNUSED_WILDCARD', 'NOT_OBSERVABLE', 'DENIED_IN_TRAIL', 'SCP_BLOCKS_OBSERVED']);

let invictus: TrailCache;
let root: string;
let session: LspSession;
let status: UsageStatusParams;

before(async () => {
  invictus = (await importFiles([INVICTUS], { cache: emptyCache(), mapper: testMapper() })).cache;
  root = mkdtempSync(join(tmpdir(), 'trailtight-usage-'));
  await writeCache(join(root, '.trailtight'), invictus);
  writeFileSync(join(root, '.trailtight', 'bindings.json'), `${JSON.stringify({ bindings: [{ path: 'policies/**', principal: STEAL_ROLE }, { path: 'org/**', kind: 'scp' }] }, null, 2)}\n`);
  session = new LspSession();
  session.settings = SETTINGS;
  const loaded = session.nextNotification(usageChangedNotification);
  await session.initialize(root);
  // The cache loads after the first validation: open something, then wait for the load's notification.
  await session.open(fileUri(root, 'first.json'), '{}');
  status = await loaded;
});
after(async () => {
  await session.close();
  rmSync(root, { recursive: true, force: true });
});

/** `CODE@line:start-end` (0-based) of the usage diagnostics. */
function located(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => USAGE_CODES.has(String(d.code)))
    .map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`);
}

/** Opens a policy and waits until its diagnostics include usage findings (they follow the plain validation). */
async function openJudged(uri: string, text: string): Promise<Diagnostic[]> {
  const judged = session.nextDiagnostics(uri, (d) => located(d).length > 0);
  await session.open(uri, text);
  return judged;
}

/** Sends a document's new full text and waits for diagnostics that satisfy `match`. */
async function change(uri: string, version: number, text: string, match: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  const next = session.nextDiagnostics(uri, match);
  await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  return next;
}

function apply(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.json', 'json', 0, text), [...edits]);
}

async function lensTitles(uri: string): Promise<string[]> {
  const lenses = (await session.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  return lenses.map((l) => `${l.command?.title ?? ''} [${l.command?.command ?? ''}]`);
}

test('the usage status after the first load', () => {
  assert.deepEqual(status, { loaded: true, from: Date.parse('2023-07-10T11:42:18Z'), to: Date.parse('2023-07-10T12:37:50Z'), accounts: 1, principals: 9 });
});

test('a bound policy: unused, partly used wildcard and not-observable codes on the exact literals', async () => {
  const diagnostics = await openJudged(fileUri(root, 'policies', 'steal.json'), ROLE_POLICY);
  assert.deepEqual(located(diagnostics), [
    'UNUSED_ACTION@8:8-29', // "ec2:DescribeVolumes"
    'UNUSED_WILDCARD@9:8-18', // "ssm:Get*"
    'NOT_OBSERVABLE@10:8-22', // "s3:GetObject": no S3 data events in the history
    'NOT_OBSERVABLE@11:8-22', // "iam:PassRole": permission only
    'UNUSED_ACTION@18:16-40', // "ec2:TerminateInstances"
  ]);
  const severities = diagnostics.filter((d) => USAGE_CODES.has(String(d.code))).map((d) => d.severity);
  assert.deepEqual(severities, [2, 2, 4, 4, 2].map((s) => s as DiagnosticSeverity));
  assert.deepEqual(diagnostics.filter((d) => d.code === 'NOT_OBSERVABLE').map((d) => (d.data as { data: { reason: string } }).data.reason), [
    'data-events-missing',
    'permission-only',
  ]);
});

test('the CodeLens says what the policy is compared with, and offers Change… and Tighten', async () => {
  const uri = fileUri(root, 'policies', 'steal.json');
  assert.deepEqual((await lensTitles(uri)).slice(1), [
    'Compared with role/stratus-red-team-ec2-steal-credentials-role · history 2023-07-10 → 2023-07-10 · 1 account []',
    'Change… [trailtight.bindPolicy]',
    'Tighten [trailtight.tighten]',
  ]);
});

test('hover on an action adds its usage evidence to the catalog description', async () => {
  const uri = fileUri(root, 'policies', 'steal.json');
  const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 8, character: 12 } });
  const value = (hover?.contents as { value: string }).value;
  assert.match(value, /^\*\*ec2:DescribeVolumes\*\* — List/);
  assert.match(value, /\n---\n\n.*\n\n\*\*ec2:DescribeVolumes\*\*: never allowed/);
  assert.deepEqual(hover?.range, { start: { line: 8, character: 9 }, end: { line: 8, character: 28 } });
});

test('a bucket policy is judged on its bucket: diagnostics, the lens and hover evidence', async () => {
  const uri = fileUri(root, 'buckets', 'config.json');
  const bucket = 'config-bucket-123837392027';
  const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::123837392027:user/bert-jan" },
      "Action": ["s3:GetBucketPolicyStatus", "s3:GetBucketTagging", "s3:GetObject"],
      "Resource": ["arn:aws:s3:::${bucket}", "arn:aws:s3:::${bucket}/*"]
    }
  ]
}`;
  // bert-jan read the tagging of other buckets only; no data events of any bucket are in the history.
  assert.deepEqual(located(await openJudged(uri, text)), ['UNUSED_ACTION@6:45-66', 'NOT_OBSERVABLE@6:68-82']);
  assert.equal((await lensTitles(uri))[1], `Compared with the principals of its statements on bucket ${bucket} · history 2023-07-10 → 2023-07-10 · 1 account []`);
  const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 20 } });
  const value = (hover?.contents as { value: string }).value;
  assert.match(value, new RegExp(`Usage by user/bert-jan on bucket ${bucket} between`));
  assert.match(value, new RegExp(`- last seen on bucket ${bucket} 2023-07-10T`));
  assert.match(value, /- by user\/bert-jan/);
  const anywhere = fileUri(root, 'buckets', 'anywhere.json');
  const lensed = session.nextDiagnostics(anywhere, () => true);
  await session.open(anywhere, text.replaceAll(`"arn:aws:s3:::${bucket}", "arn:aws:s3:::${bucket}/*"`, '"*"'));
  // Naming no bucket, it is judged on bert-jan's use anywhere: the tagging read on other buckets counts.
  assert.deepEqual(located(await lensed), ['NOT_OBSERVABLE@6:68-82']);
  assert.match((await lensTitles(anywhere))[1] ?? '', /^Compared with the principals of its statements on any resource · /);
});

test('the quick fix for an unused action removes it, and the document is judged again', async () => {
  const uri = fileUri(root, 'policies', 'fix.json');
  const diagnostics = await openJudged(uri, ROLE_POLICY);
  const unused = diagnostics.find((d) => d.code === 'UNUSED_ACTION')!;
  const actions = await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: unused.range, context: { diagnostics: [unused] } });
  const preferred = actions?.find((a) => 'isPreferred' in a && a.isPreferred);
  assert.ok(preferred && 'edit' in preferred);
  const fixed = apply(ROLE_POLICY, preferred.edit?.changes?.[uri] ?? []);
  assert.equal(fixed, ROLE_POLICY.replace('        "ec2:DescribeVolumes",\n', ''));
  const after = await change(uri, 2, fixed, (d) => located(d).length === 4);
  assert.deepEqual(located(after), ['UNUSED_WILDCARD@8:8-18', 'NOT_OBSERVABLE@9:8-22', 'NOT_OBSERVABLE@10:8-22', 'UNUSED_ACTION@17:16-40']);
});

test('Tighten: its edits give the expected policy, which has no errors and no unused actions; tightening again changes nothing', async () => {
  const uri = fileUri(root, 'policies', 'tighten.json');
  await openJudged(uri, ROLE_POLICY);
  const result = await session.connection.sendRequest(tightenRequest, { uri });
  assert.equal(result.version, 1);
  const tightened = apply(ROLE_POLICY, result.edits);
  assert.equal(tightened, TIGHTENED);
  const after = await change(uri, 2, tightened, (d) => !d.some((x) => x.code === 'UNUSED_ACTION'));
  assert.deepEqual(after.filter((d) => d.severity === DiagnosticSeverity.Error), []);
  assert.deepEqual(located(after), ['NOT_OBSERVABLE@9:8-22', 'NOT_OBSERVABLE@10:8-22']);
  const again = await session.connection.sendRequest(tightenRequest, { uri });
  assert.deepEqual([again.edits, again.version], [[], 2]);
});

test('a file named after a role is compared with it without any binding', async () => {
  const uri = fileUri(root, 'roles', 'stratus-red-team-ec2-enumerate-role.json');
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ssm:UpdateInstanceInformation", "ssm:DeleteDocument"], "Resource": "*"}]}';
  const diagnostics = await openJudged(uri, text);
  assert.deepEqual(located(diagnostics), ['UNUSED_ACTION@0:104-124']);
  assert.equal((await lensTitles(uri))[1], 'Compared with role/stratus-red-team-ec2-enumerate-role (from the file name) · history 2023-07-10 → 2023-07-10 · 1 account []');
});

test('binding a principal writes bindings.json and judges the policy against it; DENIED_IN_TRAIL gets its fix', async () => {
  const uri = fileUri(root, 'apps', 'password.json');
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["ec2:DescribeInstances"], "Resource": "*" }]\n}\n';
  await session.open(uri, text);
  assert.equal((await lensTitles(uri))[1], 'Not compared with usage: no principal bound []');
  const judged = session.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'DENIED_IN_TRAIL'));
  const result = await session.connection.sendRequest(bindPrincipalRequest, { uri, principal: 'stratus-red-team-ec2-get-password-data-role' });
  assert.equal(result.bindingsFile, join(root, '.trailtight', 'bindings.json'));
  assert.deepEqual(JSON.parse(readFileSync(result.bindingsFile, 'utf8')), {
    bindings: [
      { path: 'apps/password.json', principal: 'stratus-red-team-ec2-get-password-data-role' },
      { path: 'policies/**', principal: STEAL_ROLE },
      { path: 'org/**', kind: 'scp' },
    ],
  });
  const denied = (await judged).find((d) => d.code === 'DENIED_IN_TRAIL')!;
  assert.deepEqual([denied.range.start, denied.range.end], [{ line: 2, character: 47 }, { line: 2, character: 72 }]);
  const actions = await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: denied.range, context: { diagnostics: [denied] } });
  const add = actions?.[0];
  assert.ok(add && 'edit' in add);
  assert.match(apply(text, add.edit?.changes?.[uri] ?? []), /"ec2:DescribeInstances",\s*"ec2:GetPasswordData"/);
  assert.equal((await lensTitles(uri))[1]?.startsWith('Compared with role/stratus-red-team-ec2-get-password-data-role ·'), true);
});

test('an SCP is compared with the accounts of the history: its Deny would block the observed calls', async () => {
  const uri = fileUri(root, 'org', 'guardrail.json');
  const text = '{"Version": "2012-10-17", "Statement": [{"Sid": "NoSsm", "Effect": "Deny", "Action": "ssm:*", "Resource": "*"}]}';
  const diagnostics = await openJudged(uri, text);
  assert.deepEqual(located(diagnostics), ['SCP_BLOCKS_OBSERVED@0:85-92']);
  const ssmCalls = invictus.snapshot.usage.filter((r) => r.action.startsWith('ssm:')).reduce((n, r) => n + r.count, 0);
  assert.equal((diagnostics.find((d) => d.code === 'SCP_BLOCKS_OBSERVED')?.data as { data: { count: number } }).data.count, ssmCalls);
  assert.deepEqual((await lensTitles(uri)).slice(1), [
    'Compared with account 123837392027 · history 2023-07-10 → 2023-07-10 · 1 account []',
    'Change… [trailtight.bindPolicy]',
  ]);
});

test('bound policies: by a bindings glob and by file name, from the files on disk', async () => {
  mkdirSync(join(root, 'policies'), { recursive: true });
  mkdirSync(join(root, 'roles'), { recursive: true });
  writeFileSync(join(root, 'policies', 'steal.json'), ROLE_POLICY);
  writeFileSync(join(root, 'roles', 'stratus-red-team-ec2-enumerate-role.json'), TIGHTENED);
  writeFileSync(join(root, 'roles', 'notes.json'), '{"not": "a policy"}');
  assert.deepEqual(await session.connection.sendRequest(boundPoliciesRequest, { principal: STEAL_ROLE }), [fileUri(root, 'policies', 'steal.json')]);
  assert.deepEqual(await session.connection.sendRequest(boundPoliciesRequest, { principal: 'stratus-red-team-ec2-enumerate-role' }), [
    fileUri(root, 'roles', 'stratus-red-team-ec2-enumerate-role.json'),
  ]);
});

test('Last Accessed: accounts, principals and their services, newest first', async () => {
  const accounts = await session.connection.sendRequest(lastAccessedRequest, {});
  assert.deepEqual(accounts.map((a) => a.account), ['123837392027']);
  const steal = accounts[0]?.principals.find((p) => p.arn === STEAL_ROLE);
  assert.deepEqual(steal?.services.map((s) => s.service), ['ssm', 'ec2', 'sts']);
  assert.equal(accounts[0]?.principals.length, 9);
});

test('principals, Generate Policy and the Usage Report answer from the same history', async () => {
  const principals = await session.connection.sendRequest(principalsRequest, {});
  assert.equal(principals.length, 9);
  assert.ok(principals.every((p, i) => i === 0 || principals[i - 1]!.lastActivity >= p.lastActivity));
  assert.deepEqual(principals.find((p) => p.arn === STEAL_ROLE), {
    arn: STEAL_ROLE,
    account: '123837392027',
    kind: 'role',
    name: 'stratus-red-team-ec2-steal-credentials-role',
    lastActivity: Math.max(...invictus.snapshot.usage.filter((r) => r.principal === STEAL_ROLE).map((r) => r.lastSeen)),
  });
  const allowed = invictus.snapshot.usage.filter((r) => r.principal === STEAL_ROLE && r.count > 0).map((r) => r.action).sort();
  const generated = await session.connection.sendRequest(generatePolicyRequest, { principal: 'stratus-red-team-ec2-steal-credentials-role' });
  assert.deepEqual([...generated.actions].sort(), allowed);
  assert.deepEqual(JSON.parse(generated.text).Statement.flatMap((s: { Action: string[] }) => s.Action).sort(), allowed);
  const report = await session.connection.sendRequest(usageReportRequest, { principal: STEAL_ROLE });
  assert.deepEqual([report.principal, report.from, report.to], [STEAL_ROLE, '2023-07-10', '2023-07-10']);
  assert.deepEqual(report.services.map((s) => s.service).sort(), ['ec2', 'ssm', 'sts']);
});

test('the history is reloaded on cacheChanged and on a watched-file change; an unreadable cache keeps validation going', async () => {
  const other = mkdtempSync(join(tmpdir(), 'trailtight-reload-'));
  const reload = new LspSession();
  try {
    const first = reload.nextNotification(usageChangedNotification);
    await reload.initialize(other);
    const uri = fileUri(other, 'stratus-red-team-ec2-steal-credentials-role.json');
    await reload.open(uri, ROLE_POLICY);
    assert.equal((await first).loaded, false);

    const loaded = reload.nextNotification(usageChangedNotification);
    const judged = reload.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'NOT_OBSERVABLE'));
    await writeCache(join(other, '.trailtight'), invictus);
    await reload.connection.sendNotification('trailtight/cacheChanged', {});
    assert.equal((await loaded).principals, 9);
    // Default settings: a 90-day window cannot judge a 2023 history, so nothing is unused and Tighten is not offered.
    assert.ok(!(await judged).some((d) => d.code === 'UNUSED_ACTION'));
    const lenses = (await reload.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    assert.deepEqual(lenses.map((l) => l.command?.command), ['trailtight.setPolicyKind', '', 'trailtight.bindPolicy']);
    assert.match(lenses[1]?.command?.title ?? '', / · not judged: the newest record \(2023-07-10\) is older than the 90-day window$/);

    const broken = reload.nextNotification(usageChangedNotification);
    const plain = reload.nextDiagnostics(uri, (d) => located(d).length === 0);
    writeFileSync(join(other, '.trailtight', 'cache.json'), '{"format": "trailtight-usage-cache", "version": 1, ');
    await reload.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(other, '.trailtight', 'cache.json'), type: 2 }] });
    const status = await broken;
    assert.equal(status.loaded, false);
    assert.ok(status.message?.includes(join(other, '.trailtight', 'cache.json')), status.message);
    assert.deepEqual((await plain).map((d) => d.code), ['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'ALLOW_WITH_NOT_ACTION']);
  } finally {
    await reload.close();
    rmSync(other, { recursive: true, force: true });
  }
});
