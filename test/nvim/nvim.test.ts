import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

test(
  'headless Neovim (its own LSP client) gets the diagnostics and applies the MISSING_VERSION quick fix',
  { skip: hasNvim ? false : 'nvim is not installed here (apt-get install -y neovim); CI installs it in .ci/run' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailtight-nvim-'));
    try {
      const policy = join(dir, 'policy.json');
      writeFileSync(policy, '{\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n  ]\n}\n');
      const out = join(dir, 'result.json');
      const child = spawn('nvim', ['--headless', '-u', join(__dirname, 'init.lua'), '-i', 'NONE', '-n', policy], {
        cwd: dir,
        env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, XDG_STATE_HOME: dir, XDG_CACHE_HOME: dir, TT_SERVER: join(ROOT, 'dist', 'server.js'), TT_OUT: out },
        stdio: 'ignore',
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      const result = JSON.parse(readFileSync(out, 'utf8')) as {
        diagnostics: { code: string; range: { start: { line: number; character: number } } }[];
        action?: string;
        text?: string;
        error?: string;
      };
      assert.equal(code, 0, result.error);
      const missing = result.diagnostics.find((d) => d.code === 'MISSING_VERSION');
      assert.deepEqual(missing?.range.start, { line: 1, character: 2 });
      assert.match(result.text ?? '', /^\{\n {2}"Version": "2012-10-17",\n {2}"Statement"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
