// The words the import and fetch commands end with: a one-line message for the notification and the full details for
// the output channel ("Show Details"). No vscode here: tested under node --test.
import type { UsageTotals } from '../../core/trail/observation';
import type { ImportRun } from '../../core/trail/importRun';
import type { FetchRun } from './fetchRun';
import { formatCount } from '../../core/usage/lastAccessedModel';

/** "99.8%" of API calls mapped to IAM actions; "–" when there were none. */
export function mappedPercent(mapped: number, unmapped: number): string {
  const total = mapped + unmapped;
  if (total === 0) return '–';
  const pct = (100 * mapped) / total;
  // Never round a partial mapping up to 100%: that would hide unmapped events.
  const shown = mapped < total ? Math.min(Math.floor(pct * 10) / 10, 99.9) : 100;
  return `${shown}%`;
}

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** The notification after an import: "Imported 12 files: 4,567 records, 99.8% mapped, 3 denied, 1 file skipped." */
export function importMessage(run: ImportRun): string {
  const s = run.summary;
  const problems = new Set(s.skipped.map((k) => k.path)).size;
  const head = run.cancelledFiles > 0 ? 'Import cancelled after' : 'Imported';
  const parts = [`${plural(s.records, 'record')}`, `${mappedPercent(s.mapped, s.unmapped)} mapped`, `${formatCount(s.denied)} denied`];
  if (problems > 0) parts.push(`${plural(problems, 'file')} skipped`);
  if (s.filesUnchanged > 0) parts.push(`${formatCount(s.filesUnchanged)} unchanged`);
  let text = `${head} ${plural(s.filesRead, 'file')}: ${parts.join(', ')}.`;
  if (run.cancelledFiles > 0) text += ` ${plural(run.cancelledFiles, 'file')} not read; importing again reads them.`;
  if (s.filesFound === 0) text = 'No CloudTrail log files (.json, .json.gz, JSON lines) were found there.';
  return text;
}

/** The full import summary: each skipped file with its reason, and every unmapped event. */
export function importDetails(paths: readonly string[], run: ImportRun, cacheFile: string): string {
  const s = run.summary;
  const lines = [`Import of ${paths.join(', ')} into ${cacheFile}`];
  if (run.cacheMessage) lines.push(run.cacheMessage);
  lines.push(
    `Files: ${s.filesFound} found, ${s.filesRead} read, ${s.filesUnchanged} unchanged` +
      (run.cancelledFiles > 0 ? `, ${run.cancelledFiles} not read (cancelled)` : '') +
      (s.digests + s.insights > 0 ? `, ${s.digests} digest and ${s.insights} Insight files skipped` : '') +
      (s.ignored > 0 ? `, ${s.ignored} other files ignored` : ''),
    `Records: ${s.records} (${s.mapped} mapped to IAM actions, ${s.unmapped} unmapped, ${s.denied} denied); ` +
      `${mappedPercent(s.mapped, s.unmapped)} of API calls mapped`,
  );
  if (s.skipped.length > 0) {
    lines.push('Skipped or partly used files:');
    for (const k of s.skipped) lines.push(`  ${k.path}${k.line === undefined ? '' : `:${k.line}`}: ${k.reason}`);
  }
  lines.push(...unmappedLines(s.unmappedEvents));
  lines.push(run.written ? `Cache written: ${cacheFile}` : 'Nothing new: the cache was not changed.');
  return lines.join('\n');
}

function unmappedLines(events: readonly { event: string; count: number }[]): string[] {
  if (events.length === 0) return [];
  return ['Unmapped events in the cache (counted, never guessed):', ...events.map((u) => `  ${u.event} ×${u.count}`)];
}

function fetchTotals(summary: Extract<FetchRun, { ok: true }>['summary']): { pages: number; events: number } {
  return {
    pages: summary.regions.reduce((n, r) => n + r.pages, 0),
    events: summary.regions.reduce((n, r) => n + r.events, 0),
  };
}

/** The notification after a fetch: "Fetched 240 new events from 2 Regions: 99.5% mapped, 1 denied." */
export function fetchMessage(run: FetchRun): string {
  if (!run.ok) return run.cancelled ? 'Fetch cancelled before any event was fetched.' : `Fetch failed: ${run.error}`;
  const { events } = fetchTotals(run.summary);
  const regions = run.summary.regions.length;
  const head = run.summary.cancelled ? 'Fetch cancelled after' : 'Fetched';
  const added: UsageTotals = run.added;
  let text = `${head} ${plural(events, 'new event')} from ${plural(regions, 'Region')} of account ${run.summary.account}: ` +
    `${mappedPercent(added.mapped, added.unmapped)} mapped, ${formatCount(added.denied)} denied.`;
  if (run.regionErrors.size > 0) text += ` ${[...run.regionErrors.keys()].join(', ')} stopped early (see details).`;
  if (run.summary.cancelled) text += ' The pages fetched are stored; the next fetch continues from them.';
  return text;
}

/** The full fetch summary: per Region pages, events, retries and errors, and what could not be used. */
export function fetchDetails(run: FetchRun, profile: string | undefined, cacheFile: string): string {
  const who = profile ? `profile ${profile}` : 'the default credential chain';
  if (!run.ok) return `Fetch with ${who} failed: ${run.error}`;
  const lines = [`Fetch with ${who}, account ${run.summary.account}, into ${cacheFile}`];
  if (run.cacheMessage) lines.push(run.cacheMessage);
  for (const r of run.summary.regions) {
    const extra = r.retries > 0 ? ` (${r.retries} retries, ${r.throttles} throttled)` : '';
    const dup = r.duplicates > 0 ? `, ${r.duplicates} already stored` : '';
    const bad = r.malformed > 0 ? `, ${r.malformed} unreadable` : '';
    lines.push(`  ${r.region}: ${r.pages} pages, ${r.events} new events${dup}${bad}, ${r.requests} requests${extra}`);
    const error = run.regionErrors.get(r.region);
    if (error) lines.push(`    stopped: ${error}`);
  }
  const { pages, events } = fetchTotals(run.summary);
  const a = run.added;
  lines.push(
    `Total: ${pages} pages, ${events} new events; records ${a.records} (${a.mapped} mapped, ${a.unmapped} unmapped, ${a.denied} denied, ${a.unattributed} not attributed)`,
  );
  for (const [reason, count] of run.unused) lines.push(`  not used: ${count} × ${reason}`);
  if (run.summary.cancelled) lines.push('Cancelled: the pages fetched so far are stored, and the next fetch continues from them.');
  return lines.join('\n');
}
