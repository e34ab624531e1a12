import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ImportSummary } from '../../core/trail/localFiles';
import { runImportThread } from '../../core/trail/runImportThread';
import { parseCommandLine, UsageError, type Command, type Io } from './command';

const USAGE = `Usage: trailtight import PATH... [--cache DIR]

Reads CloudTrail log files or folders (recursively: .json, .json.gz, JSON lines, lookup-events output,
EventBridge events; trail and organization-trail layouts; digest and Insight files skipped) into the usage cache.
Files imported before are skipped unless their content changed.

Options:
  --cache DIR   the .trailtight folder holding the cache (default ./.trailtight)
`;

/**
 * Where the catalog, the import thread and its workers live: beside the bundle, or in dist/ and core/ when run
 * from source.
 */
export function runtimePaths(): { catalogDir: string; workerScript: string; threadScript: string; evalScript: boolean } {
  if (existsSync(join(__dirname, 'catalog.json'))) {
    return { catalogDir: __dirname, workerScript: join(__dirname, 'importWorker.js'), threadScript: join(__dirname, 'importThread.js'), evalScript: false };
  }
  const root = join(__dirname, '..', '..');
  const source = (name: string) => `require('tsx/cjs'); require(${JSON.stringify(join(root, 'core', 'trail', `${name}.ts`))});`;
  return { catalogDir: join(root, 'dist'), workerScript: source('importWorker'), threadScript: source('importThread'), evalScript: true };
}

function parseOptions(args: string[], cwd: string): { paths: string[]; cacheDir: string } | 'help' {
  const parsed = parseCommandLine({ args, allowPositionals: true, options: { cache: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (parsed.values.help) return 'help';
  if (parsed.positionals.length === 0) throw new UsageError('give at least one CloudTrail file or folder to import.');
  return {
    paths: parsed.positionals.map((p) => resolve(cwd, p)),
    cacheDir: resolve(cwd, parsed.values.cache ?? '.trailtight'),
  };
}

/** Imports files into the cache and prints the summary; `progress` draws a line on a terminal. */
export async function runImport(args: string[], io: Io, progress = process.stderr.isTTY === true): Promise<number> {
  const options = parseOptions(args, io.cwd);
  if (options === 'help') {
    io.out(USAGE);
    return 0;
  }
  const { threadScript, ...pool } = runtimePaths();
  const run = await runImportThread(options.paths, {
    cacheDir: options.cacheDir,
    threadScript,
    pool,
    onProgress: progress ? (p) => io.err(`\rImporting: ${p.done}/${p.total} files, ${p.records.toLocaleString('en-US')} records`) : undefined,
  });
  if (progress) io.err('\r\x1b[K');
  if (run.cacheMessage) io.err(`${run.cacheMessage}\n`);
  io.out(summaryText(run.summary));
  return 0;
}

/** The final summary: files, records, mapped/unmapped, denied, and each skipped file with its reason. */
export function summaryText(s: ImportSummary): string {
  const problems = new Set(s.skipped.map((k) => k.path)).size;
  const lines = [
    `Files: ${s.filesRead} read, ${s.filesUnchanged} unchanged, ${problems} with problems` +
      (s.digests + s.insights > 0 ? `, ${s.digests} digest and ${s.insights} Insight files skipped` : '') +
      (s.ignored > 0 ? `, ${s.ignored} other files ignored` : ''),
    `Records: ${s.records} (${s.mapped} mapped to IAM actions, ${s.unmapped} unmapped, ${s.denied} denied)`,
  ];
  for (const k of s.skipped) lines.push(`  ${k.path}${k.line === undefined ? '' : `:${k.line}`}: ${k.reason}`);
  const top = s.unmappedEvents.slice(0, 10);
  if (s.unmapped > 0 && top.length > 0) {
    lines.push(`Unmapped events (not guessed): ${top.map((u) => `${u.event} ×${u.count}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `trailtight import`. */
export const importCommand: Command = {
  name: 'import',
  summary: 'read CloudTrail log files or folders into the usage cache',
  run: (args, io) => runImport(args, io),
};
