import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const VALID = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
const NO_VERSION = '{\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\n}\n';
const BAD_VERSION = '{\n  "Version": "2012-10-18",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\n}\n';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailtight-cli-'));
  mkdirSync(join(dir, 'policies', 'nested'), { recursive: true });
  mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
  mkdirSync(join(dir, '.hidden'));
  writeFileSync(join(dir, 'policies', 'valid.json'), VALID);
  writeFileSync(join(dir, 'policies', 'nested', 'no-version.json'), NO_VERSION);
  writeFileSync(join(dir, 'policies', 'package.json'), '{"name": "not a policy"}');
  writeFileSync(join(dir, 'node_modules', 'pkg', 'bad.json'), BAD_VERSION);
  writeFileSync(join(dir, '.hidden', 'bad.json'), BAD_VERSION);
  writeFileSync(join(dir, 'bad-version.json'), BAD_VERSION);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('a folder is walked for policies only (no node_modules, dot folders or other JSON); warnings exit 0', () => {
  const { status, stdout } = run('check', 'policies');
  assert.equal(status, 0);
  assert.match(stdout, /^policies\/nested\/no-version\.json:2:3: warning MISSING_VERSION /m);
  assert.match(stdout, /in 2 policy files\.$/m);
  assert.doesNotMatch(stdout, /node_modules|\.hidden|package\.json/);
});

test('an error finding exits 1, and --format json gives 0-based LSP ranges', () => {
  const { status, stdout } = run('check', 'bad-version.json', '--format', 'json');
  assert.equal(status, 1);
  assert.deepEqual(JSON.parse(stdout), [
    {
      file: 'bad-version.json',
      code: 'INVALID_VERSION',
      severity: 'error',
      message: JSON.parse(stdout)[0].message,
      range: { start: { line: 1, character: 13 }, end: { line: 1, character: 25 } },
    },
  ]);
});

test('--severity overrides change the exit code', () => {
  assert.equal(run('check', 'bad-version.json', '--severity', 'INVALID_VERSION=warning').status, 0);
  assert.equal(run('check', 'policies', '--severity', 'MISSING_VERSION=error').status, 1);
  assert.equal(run('check', 'policies', '--severity', 'MISSING_VERSION=off', '--format', 'json').stdout.trim(), '[]');
});

test('usage errors exit 2', () => {
  assert.equal(run('check').status, 2);
  assert.equal(run('check', 'policies', '--format', 'xml').status, 2);
  assert.equal(run('check', 'policies', '--kind', 'bucket').status, 2);
  assert.equal(run('check', 'policies', '--severity', 'NOT_A_CODE=error').status, 2);
  assert.equal(run('check', 'policies', '--nope').status, 2);
  assert.equal(run('frobnicate').status, 2);
});

test('a missing file is named, fails the run, and the others are still checked', () => {
  const { status, stdout, stderr } = run('check', 'missing.json', 'policies', '--format', 'json');
  assert.equal(status, 1);
  assert.match(stderr, /missing\.json: no such file or directory/);
  assert.deepEqual(JSON.parse(stdout).map((f: { code: string }) => f.code), ['MISSING_VERSION']);
});

test('--kind and bindings choose the kind', () => {
  mkdirSync(join(dir, '.trailtight'), { recursive: true });
  writeFileSync(join(dir, '.trailtight', 'bindings.json'), '{"bindings": [{"path": "policies/*.json", "kind": "resource"}]}');
  // A resource policy needs a Principal, an identity policy must not have one: the kind decides MISSING_PRINCIPAL.
  const principalFindings = (...args: string[]) =>
    JSON.parse(run('check', 'policies', '--format', 'json', ...args).stdout)
      .filter((f: { code: string }) => f.code === 'MISSING_PRINCIPAL')
      .map((f: { file: string }) => f.file);
  assert.deepEqual(principalFindings(), ['policies/valid.json']);
  assert.deepEqual(principalFindings('--kind', 'identity'), []);
  assert.deepEqual(principalFindings('--kind', 'resource'), ['policies/nested/no-version.json', 'policies/valid.json']);
  writeFileSync(join(dir, '.trailtight', 'bindings.json'), '{"bindings": [{"path": 3}]}');
  const { stderr } = run('check', 'policies');
  assert.match(stderr, /\.trailtight\/bindings\.json: \/bindings\/0\/path must be string/);
  rmSync(join(dir, '.trailtight'), { recursive: true });
});

test('--format sarif is a SARIF 2.1.0 log whose rules are the findings table', () => {
  const { stdout } = run('check', 'bad-version.json', '--format', 'sarif');
  const log = JSON.parse(stdout);
  assert.equal(log.version, '2.1.0');
  const run0 = log.runs[0];
  const result = run0.results[0];
  assert.equal(result.ruleId, 'INVALID_VERSION');
  assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'INVALID_VERSION');
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 2, startColumn: 14, endLine: 2, endColumn: 26 });
});
