import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { fileUri, LspSession } from './lsp';

const NO_VERSION = '{\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n  ]\n}\n';

let session: LspSession;
before(async () => {
  session = new LspSession();
  await session.initialize();
});
after(() => session.close());

function only(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code} in ${JSON.stringify(diagnostics.map((d) => d.code))}`);
  return found[0]!;
}

test('a policy without Version gets MISSING_VERSION on the first key, with docs link, source and fix data', async () => {
  const diagnostic = only(await session.open(fileUri('/ws', 'app.json'), NO_VERSION), 'MISSING_VERSION');
  assert.deepEqual(diagnostic.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 13 } });
  assert.equal(diagnostic.source, 'trailtight');
  assert.equal(diagnostic.severity, 2);
  assert.match(diagnostic.codeDescription!.href, /^https:\/\/docs\.aws\.amazon\.com\//);
  assert.deepEqual((diagnostic.data as { path: unknown }).path, ['Statement']);
});

test('the MISSING_VERSION quick fix is preferred and adds Version first, keeping the indent', async () => {
  const uri = fileUri('/ws', 'fix.json');
  const diagnostic = only(await session.open(uri, NO_VERSION), 'MISSING_VERSION');
  const actions = await session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  const action = actions?.find((a) => 'kind' in a && a.kind === 'quickfix');
  assert.ok(action && 'edit' in action && action.edit?.changes, 'a quick fix with a workspace edit');
  assert.equal(action.isPreferred, true);
  const edits: TextEdit[] = action.edit.changes[uri]!;
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'json', 1, NO_VERSION), edits);
  assert.match(fixed, /^\{\n {2}"Version": "2012-10-17",\n {2}"Statement"/);

  const clean = session.nextDiagnostics(uri);
  await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
  });
  assert.deepEqual((await clean).map((d) => d.code), []);
});

test('a stale diagnostic yields no fix once the problem is gone from the current text', async () => {
  const uri = fileUri('/ws', 'stale.json');
  const diagnostic = only(await session.open(uri, NO_VERSION), 'MISSING_VERSION');
  const fixed = session.nextDiagnostics(uri);
  await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: '"Version": "2012-10-17",' }],
  });
  await fixed;
  const actions = await session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  assert.deepEqual(actions, []);
});

test('JSON that is not a policy gets no diagnostics, and they are cleared when a document stops being a policy', async () => {
  assert.deepEqual(await session.open(fileUri('/ws', 'package.json'), '{"name": "x"}'), []);
  const uri = fileUri('/ws', 'changing.json');
  assert.notDeepEqual(await session.open(uri, NO_VERSION), []);
  const cleared = session.nextDiagnostics(uri);
  await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: '{"name": "not a policy"}' }],
  });
  assert.deepEqual(await cleared, []);
});

test('a burst of edits is validated once, for the latest version', async () => {
  const uri = fileUri('/ws', 'burst.json');
  await session.open(uri, NO_VERSION);
  const published: Diagnostic[][] = [];
  const final = session.nextDiagnostics(uri, (d) => {
    published.push(d);
    return true;
  });
  for (let version = 2; version <= 6; version++) {
    const text = version === 6 ? NO_VERSION.replace('{\n', '{\n  "Version": "1999",\n') : NO_VERSION;
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }
  assert.deepEqual((await final).map((d) => d.code), ['INVALID_VERSION']);
  assert.equal(published.length, 1);
});
