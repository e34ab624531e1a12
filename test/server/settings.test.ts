import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { fileUri, LspSession } from './lsp';

const NO_VERSION = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';

for (const configurationSupport of [true, false]) {
  const how = configurationSupport ? 'pulled with workspace/configuration' : 'pushed in didChangeConfiguration';
  let session: LspSession;
  before(async () => {
    session = new LspSession({ configurationSupport });
    await session.initialize(undefined, configurationSupport);
  });
  after(() => session.close());

  test(`trailtight.severity overrides apply to open documents without reopening them (${how})`, async () => {
    const uri = fileUri('/ws', `severity-${configurationSupport}.json`);
    const [initial] = await session.open(uri, NO_VERSION);
    assert.equal(initial?.severity, 2);

    const raised = session.nextDiagnostics(uri);
    await session.changeSettings({ severity: { MISSING_VERSION: 'error' } });
    assert.deepEqual((await raised).map((d) => [d.code, d.severity]), [['MISSING_VERSION', 1]]);

    const silenced = session.nextDiagnostics(uri);
    await session.changeSettings({ severity: { MISSING_VERSION: 'off' } });
    assert.deepEqual(await silenced, []);
  });

  test(`an unknown code in trailtight.severity is reported to the user, naming the setting (${how})`, async () => {
    const message = session.nextMessage((m) => m.message.includes('trailtight.severity'));
    await session.changeSettings({ severity: { NOT_A_CODE: 'error' } });
    assert.match((await message).message, /NOT_A_CODE/);
  });
}
