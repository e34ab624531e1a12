import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { fileUri, LspSession } from './lsp';

let session: LspSession;
before(async () => {
  session = new LspSession();
  await session.initialize();
});
after(() => session.close());

async function stillAnswers(): Promise<void> {
  const uri = fileUri('/ws', `alive-${Date.now()}.json`);
  await session.open(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 70 } });
  assert.ok(hover, 'the server still answers hover');
}

// The timeout only guards against a hang; speed is measured by npm run bench.
test('a 5 MB policy is reported as too large and the server keeps answering', { timeout: 60_000 }, async () => {
  const statement = '{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket/*"}';
  const statements = Array.from({ length: Math.ceil(5_000_000 / (statement.length + 2)) }, () => statement);
  const text = `{"Version": "2012-10-17", "Statement": [\n${statements.join(',\n')}\n]}`;
  assert.ok(text.length >= 5_000_000);
  const diagnostics = await session.open(fileUri('/ws', 'huge.json'), text);
  assert.ok(diagnostics.some((d) => d.code === 'DOCUMENT_TOO_LARGE'), JSON.stringify(diagnostics.map((d) => d.code)));
  await stillAnswers();
});

test('10,000 nesting levels give one clear syntax diagnostic instead of a stack overflow', async () => {
  const text = `{"Statement": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  const diagnostics = await session.open(fileUri('/ws', 'deep.policy.json'), text);
  const syntax = diagnostics.filter((d) => d.code === 'JSON_SYNTAX_ERROR');
  assert.equal(syntax.length, 1);
  assert.match(syntax[0]!.message, /deeper than/);
  await stillAnswers();
  assert.equal(session.stderr, '');
});
