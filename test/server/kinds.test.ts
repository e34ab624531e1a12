import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { kindOverrideNotification, persistKindRequest, SET_KIND_COMMAND } from '../../server/protocol';
import { fileUri, LspSession } from './lsp';

// The CodeLens title is where the server says which kind it validates a document as.
const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}';

let root: string;
let session: LspSession;
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'trailtight-kinds-'));
  mkdirSync(join(root, '.trailtight'));
  writeFileSync(join(root, '.trailtight', 'bindings.json'), '{\n  "bindings": [\n    { "path": "org/**/*.json", "kind": "scp" }\n  ]\n}\n');
  session = new LspSession();
  await session.initialize(root);
});
after(async () => {
  await session.close();
  rmSync(root, { recursive: true, force: true });
});

async function lensTitle(uri: string): Promise<string | undefined> {
  const lenses = await session.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  const kindLenses = (lenses ?? []).filter((l) => l.command?.command === SET_KIND_COMMAND);
  assert.equal(kindLenses.length, 1);
  assert.equal(kindLenses[0]!.range.start.line, 0);
  return kindLenses[0]!.command?.title;
}

test('the CodeLens shows the inferred kind, or the kind a binding gives', async () => {
  const plain = fileUri(root, 'app.json');
  await session.open(plain, POLICY);
  assert.equal(await lensTitle(plain), 'Policy kind: Identity (inferred) · Change…');
  const bound = fileUri(root, 'org', 'prod', 'guardrails.json');
  await session.open(bound, POLICY);
  assert.equal(await lensTitle(bound), 'Policy kind: SCP (from bindings.json) · Change…');
});

test('persisting a kind writes bindings.json, keeping its formatting, and re-validates', async () => {
  const uri = fileUri(root, 'team', 'edge.json');
  await session.open(uri, POLICY);
  const revalidated = session.nextDiagnostics(uri);
  const result = await session.connection.sendRequest(persistKindRequest, { uri, kind: 'rcp' });
  assert.equal(result.bindingsFile, join(root, '.trailtight', 'bindings.json'));
  await revalidated;
  const written = readFileSync(result.bindingsFile, 'utf8');
  assert.equal(
    written,
    '{\n  "bindings": [\n    {\n      "path": "team/edge.json",\n      "kind": "rcp"\n    },\n    { "path": "org/**/*.json", "kind": "scp" }\n  ]\n}\n',
  );
  assert.equal(await lensTitle(uri), 'Policy kind: RCP (from bindings.json) · Change…');
});

test('an untitled document keeps a session override sent by the client', async () => {
  const uri = 'untitled:Untitled-1';
  await session.open(uri, POLICY);
  const revalidated = session.nextDiagnostics(uri);
  await session.connection.sendNotification(kindOverrideNotification, { uri, kind: 'trust' });
  await revalidated;
  assert.equal(await lensTitle(uri), 'Policy kind: Trust (set for this session) · Change…');
});

test('an invalid bindings file is reported by name with what is wrong, and its bindings are ignored', async () => {
  const other = mkdtempSync(join(tmpdir(), 'trailtight-badbindings-'));
  mkdirSync(join(other, '.trailtight'));
  writeFileSync(join(other, '.trailtight', 'bindings.json'), '{"bindings": [{"path": "a.json", "kind": "scpp"}]}');
  const bad = new LspSession();
  try {
    const message = bad.nextMessage((m) => m.message.includes('bindings.json'));
    await bad.initialize(other);
    const text = (await message).message;
    assert.ok(text.includes(join(other, '.trailtight', 'bindings.json')), text);
    assert.match(text, /\/bindings\/0\/kind/);
  } finally {
    await bad.close();
    rmSync(other, { recursive: true, force: true });
  }
});
