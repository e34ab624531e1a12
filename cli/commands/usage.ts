import { resolve } from 'node:path';
import { readCache } from '../../core/trail/cache';
import type { SourceCoverage, UsageRow, UsageSnapshot } from '../../core/trail/observation';
import { parseCommandLine, type Command, type Io } from './command';

const USAGE = `Usage: trailtight usage [--principal ARN] [--json] [--cache DIR]

Lists, per principal, the services and actions seen in the imported CloudTrail history, with when they were last
used (like IAM Access Advisor, but per action), and what the history covers.

Options:
  --principal ARN   only this principal (role, user or root ARN)
  --json            print JSON instead of text
  --cache DIR       the .trailtight folder holding the cache (default ./.trailtight)
`;

/** One principal's usage as `--json` prints it. */
export interface PrincipalUsage {
  readonly principal: string;
  readonly services: { service: string; lastSeen: string; count: number; denied: number }[];
  readonly actions: { action: string; firstSeen: string; lastSeen: string; count: number; denied: number; viaService: number; regions: readonly string[] }[];
}

const iso = (t: number) => new Date(t).toISOString();

/** Groups usage rows by principal, with per-service last access. */
export function usageByPrincipal(snapshot: UsageSnapshot, principal?: string): PrincipalUsage[] {
  const groups = new Map<string, UsageRow[]>();
  for (const row of snapshot.usage) {
    if (principal !== undefined && row.principal !== principal) continue;
    const list = groups.get(row.principal) ?? [];
    list.push(row);
    groups.set(row.principal, list);
  }
  return [...groups].map(([p, rows]) => ({ principal: p, services: servicesOf(rows), actions: rows.map(actionOf) }));
}

function actionOf(r: UsageRow): PrincipalUsage['actions'][number] {
  const { action, count, denied, viaService, regions } = r;
  return { action, firstSeen: iso(r.firstSeen), lastSeen: iso(r.lastSeen), count, denied, viaService, regions };
}

function servicesOf(rows: readonly UsageRow[]): PrincipalUsage['services'] {
  const services = new Map<string, { service: string; last: number; count: number; denied: number }>();
  for (const r of rows) {
    const service = r.action.slice(0, r.action.indexOf(':'));
    const s = services.get(service) ?? { service, last: 0, count: 0, denied: 0 };
    // Last access means last allowed use; a service only ever denied has none.
    if (r.count > 0) s.last = Math.max(s.last, r.lastSeen);
    s.count += r.count;
    s.denied += r.denied;
    services.set(service, s);
  }
  return [...services.values()]
    .sort((a, b) => b.last - a.last || a.service.localeCompare(b.service))
    .map((s) => ({ service: s.service, lastSeen: s.last ? iso(s.last) : '', count: s.count, denied: s.denied }));
}

function coverageText(c: SourceCoverage): string {
  const window = c.from === undefined || c.to === undefined ? 'no records' : `${iso(c.from).slice(0, 10)} to ${iso(c.to).slice(0, 10)}`;
  const data = Object.keys(c.dataEvents);
  return `  ${c.source.id}: ${window}, ${c.accounts.length} account(s), regions ${c.regions.join(', ') || 'none'}; ` +
    `${c.managementRead} management reads, ${c.managementWrite} writes; data events: ${data.join(', ') || 'none'}`;
}

function usageText(principals: readonly PrincipalUsage[], snapshot: UsageSnapshot): string {
  const lines = ['Coverage:', ...snapshot.coverage.map(coverageText)];
  for (const p of principals) {
    lines.push('', p.principal);
    for (const s of p.services) lines.push(`  ${s.service.padEnd(24)} last ${s.lastSeen || 'never allowed'}  ${s.count} calls${s.denied ? `, ${s.denied} denied` : ''}`);
    for (const a of p.actions) lines.push(`    ${a.action.padEnd(48)} last ${a.lastSeen}  ${a.count}${a.denied ? ` (+${a.denied} denied)` : ''}`);
  }
  if (principals.length === 0) lines.push('', 'No usage recorded for this principal. Run trailtight import or trailtight fetch first.');
  return `${lines.join('\n')}\n`;
}

/** Prints usage from the cache. */
export async function runUsage(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine({ args, options: { principal: { type: 'string' }, json: { type: 'boolean' }, cache: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const { values } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const { cache, message } = await readCache(resolve(io.cwd, values.cache ?? '.trailtight'));
  if (message) io.err(`${message}\n`);
  const principals = usageByPrincipal(cache.snapshot, values.principal);
  if (values.json) io.out(`${JSON.stringify({ principals, coverage: cache.snapshot.coverage }, null, 2)}\n`);
  else io.out(usageText(principals, cache.snapshot));
  return 0;
}

/** `trailtight usage`. */
export const usageCommand: Command = {
  name: 'usage',
  summary: 'list the services and actions each principal used, and when last',
  run: runUsage,
};
