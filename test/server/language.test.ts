import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { CompletionRequest, HoverRequest, type CompletionItem, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { fileUri, LspSession } from './lsp';

let session: LspSession;
before(async () => {
  session = new LspSession();
  await session.initialize();
});
after(() => session.close());

/** Opens `text` with a `|` marking the cursor and returns the cursor position. */
async function openAt(name: string, marked: string): Promise<{ uri: string; position: { line: number; character: number } }> {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const lines = text.slice(0, offset).split('\n');
  const uri = fileUri('/ws', name);
  await session.open(uri, text);
  return { uri, position: { line: lines.length - 1, character: lines.at(-1)!.length } };
}

async function hoverText(name: string, marked: string): Promise<string> {
  const { uri, position } = await openAt(name, marked);
  const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

async function complete(name: string, marked: string): Promise<CompletionItem[]> {
  const { uri, position } = await openAt(name, marked);
  const result = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

const policy = (statement: string) => `{"Version": "2012-10-17", "Statement": [${statement}]}`;

test('hover on an action shows its access level, resource types (required marked) and condition keys', async () => {
  const text = await hoverText('h1.json', policy('{"Effect": "Allow", "Action": "iam:Pass|Role", "Resource": "*"}'));
  assert.match(text, /iam:PassRole\*\* — Write/);
  assert.match(text, /`role` \(required\)/);
  assert.match(text, /`iam:PassedToService`/);
});

test('hover on a wildcard says how many actions it matches', async () => {
  const text = await hoverText('h2.json', policy('{"Effect": "Allow", "Action": ["s3:Get|Object*"], "Resource": "*"}'));
  assert.match(text, /matches \d+ actions/);
  assert.match(text, /`s3:GetObjectAcl`/);
});

test('hover on a condition key shows its type', async () => {
  const text = await hoverText(
    'h3.json',
    policy('{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:Secure|Transport": "false"}}}'),
  );
  assert.match(text, /aws:SecureTransport\*\* — Bool/);
});

test('completion offers service prefixes, then the actions of a service with their access level', async () => {
  const services = await complete('c1.json', policy('{"Effect": "Allow", "Action": "|", "Resource": "*"}'));
  const s3 = services.find((i) => i.label === 's3');
  assert.ok(s3 && s3.textEdit && 'range' in s3.textEdit);
  assert.equal(s3.textEdit.newText, 's3:');

  const marked = policy('{"Effect": "Allow", "Action": ["s3:Get|"], "Resource": "*"}');
  const actions = await complete('c2.json', marked);
  const getObject = actions.find((i) => i.label === 'GetObject');
  assert.equal(getObject?.detail, 'Read');
  assert.ok(getObject.textEdit && 'range' in getObject.textEdit);
  // Replaces only what follows the colon: the `Get` before the cursor.
  const cursor = marked.indexOf('|');
  assert.deepEqual(getObject.textEdit.range, { start: { line: 0, character: cursor - 3 }, end: { line: 0, character: cursor } });
});

test('completion inside a Condition operator offers the condition keys of the statement actions and global keys', async () => {
  const items = await complete(
    'c3.json',
    policy('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"|"}}}'),
  );
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('s3:ExistingObjectTag/<key>'), 'a key of s3:GetObject');
  assert.ok(labels.includes('aws:SourceIp'), 'a global key');
  assert.ok(!labels.includes('ec2:InstanceType'), 'no key of unrelated services');
});

test('hover on a condition operator explains it, with its set qualifier and IfExists', async () => {
  const text = await hoverText(
    'h4.json',
    policy('{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"ForAnyValue:StringLike|IfExists": {"aws:TagKeys": "x*"}}}'),
  );
  assert.match(text, /String operator/);
  assert.match(text, /ForAnyValue:/);
  assert.match(text, /IfExists/);
});

test('completion directly inside Condition offers the operators', async () => {
  const items = await complete('c4.json', policy('{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Str|"}}'));
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('StringEquals') && labels.includes('IpAddress'), JSON.stringify(labels));
  assert.ok(!labels.includes('aws:SourceIp'), 'no condition keys at the operator level');
});
