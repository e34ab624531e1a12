import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Catalog } from '../core/catalog/catalog';
import { BINDINGS_FILE, parseBindings, type Binding } from '../core/config/bindings';
import { readCache } from '../core/trail/cache';
import { DEFAULT_USAGE_SETTINGS, type UsageSettings } from '../core/usage/observability';
import type { UsageContext } from '../core/usage/statements';
import { shortName } from '../core/usage/evidence';
import { principalInfo, TrailIndex, type PrincipalInfo } from '../core/usage/trailIndex';
import { UsageError, type Io } from './commands/command';
import { reason } from './files';

/** The options every usage command shares, as `parseArgs` declares them. */
export const USAGE_OPTIONS = {
  cache: { type: 'string' },
  'as-of': { type: 'string' },
  'window-days': { type: 'string' },
  'min-coverage-days': { type: 'string' },
} as const;

/** Their help text. */
export const USAGE_OPTIONS_HELP = `  --cache DIR               the .trailtight folder holding the cache and bindings.json (default ./.trailtight)
  --as-of DATE              judge the history as of DATE (ISO 8601) instead of now, e.g. for old logs
  --window-days N           only calls in the last N days count as use (default ${DEFAULT_USAGE_SETTINGS.windowDays})
  --min-coverage-days N     below N covered days nothing is called unused (default ${DEFAULT_USAGE_SETTINGS.minCoverageDays})
`;

/** The settings and clock the usage flags give; throws a UsageError naming the bad flag. */
export function usageSettings(values: { 'as-of'?: string; 'window-days'?: string; 'min-coverage-days'?: string }): {
  settings: UsageSettings;
  now: number;
} {
  const now = values['as-of'] === undefined ? Date.now() : Date.parse(values['as-of']);
  if (Number.isNaN(now)) throw new UsageError(`--as-of expects a date such as 2026-11-21, not "${values['as-of']}".`);
  const days = (flag: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(n)) throw new UsageError(`${flag} expects a number of days, not "${raw}".`);
    return n;
  };
  const settings: UsageSettings = {
    ...DEFAULT_USAGE_SETTINGS,
    windowDays: days('--window-days', values['window-days'], DEFAULT_USAGE_SETTINGS.windowDays),
    minCoverageDays: days('--min-coverage-days', values['min-coverage-days'], DEFAULT_USAGE_SETTINGS.minCoverageDays),
  };
  if (settings.windowDays <= 0) throw new UsageError('--window-days must be more than 0.');
  return { settings, now };
}

/** Reads the usage cache of `cacheDir` and indexes it; a rebuilt or unreadable cache is reported on stderr. */
export async function loadUsageContext(cacheDir: string, catalog: Catalog, values: Parameters<typeof usageSettings>[0], io: Io): Promise<UsageContext> {
  const { settings, now } = usageSettings(values);
  const { cache, message } = await readCache(cacheDir);
  if (message) io.err(`${message}\n`);
  return { index: TrailIndex.build(cache.snapshot), catalog, settings, now };
}

/** The bindings of `cacheDir/bindings.json`: none when it is missing; problems are reported and the file ignored. */
export function readBindings(cacheDir: string, io: Io): readonly Binding[] {
  const file = join(cacheDir, 'bindings.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') io.err(`${file}: ${reason(error)}; bindings are ignored.\n`);
    return [];
  }
  const parsed = parseBindings(text, relative(io.cwd, file) || BINDINGS_FILE);
  if (parsed.error) io.err(`${parsed.error}\n`);
  return parsed.bindings;
}

/**
 * The principal an ARN or role/user name names in the history. An ARN with no usage is still returned (everything
 * it was granted is then unused); an unknown or ambiguous name is an error that lists what the history has.
 */
export function findPrincipal(index: TrailIndex, arnOrName: string): PrincipalInfo | { error: string } {
  const found = index.principal(arnOrName);
  if (found.principal) return found.principal;
  if (found.candidates.length > 1) {
    return { error: `"${arnOrName}" names ${found.candidates.length} principals (${found.candidates.map((c) => c.arn).join(', ')}); give the ARN.` };
  }
  if (arnOrName.startsWith('arn:')) return principalInfo(arnOrName, 0);
  const known = index.principals().slice(0, 5).map((p) => shortName(p.arn));
  const hint = known.length > 0 ? ` Known principals include ${known.join(', ')}; run trailtight usage for all.` : ' The usage cache is empty: run trailtight import or trailtight fetch first.';
  return { error: `no principal named "${arnOrName}" in the usage history.${hint}` };
}

/** Writes a file atomically (temp file + rename), so a reader never sees half of it. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}
