// A principal's daily calls per service, shaped for the Usage Report timeline. No vscode here: tested under node --test.
import type { DailyRow } from '../trail/observation';

/** Calls of one service on one UTC day. */
export interface DayCount {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly count: number;
  readonly denied: number;
}

/** One service's timeline: its days with calls, oldest first, and its totals. */
export interface ServiceTimeline {
  readonly service: string;
  readonly calls: number;
  readonly denied: number;
  readonly days: readonly DayCount[];
}

/** The report of one principal: the days it spans and a timeline per service, busiest service first. */
export interface UsageReport {
  readonly principal: string;
  /** First and last day with calls; undefined when the principal has none. */
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly services: readonly ServiceTimeline[];
}

/** Builds the report of `principal` from daily rows (the cache's, or the server's answer). */
export function usageReportFromDaily(rows: readonly DailyRow[], principal: string): UsageReport {
  const byService = new Map<string, Map<string, { count: number; denied: number }>>();
  let from: string | undefined;
  let to: string | undefined;
  for (const row of rows) {
    if (row.principal !== principal) continue;
    let days = byService.get(row.service);
    if (!days) byService.set(row.service, (days = new Map()));
    const day = days.get(row.day) ?? { count: 0, denied: 0 };
    day.count += row.count;
    day.denied += row.denied;
    days.set(row.day, day);
    if (from === undefined || row.day < from) from = row.day;
    if (to === undefined || row.day > to) to = row.day;
  }
  const services = [...byService].map(([service, days]): ServiceTimeline => {
    const list = [...days].map(([day, c]) => ({ day, ...c })).sort((a, b) => a.day.localeCompare(b.day));
    return {
      service,
      calls: list.reduce((n, d) => n + d.count, 0),
      denied: list.reduce((n, d) => n + d.denied, 0),
      days: list,
    };
  });
  services.sort((a, b) => b.calls + b.denied - (a.calls + a.denied) || a.service.localeCompare(b.service));
  return { principal, from, to, services };
}

const DAY_MS = 86_400_000;

/** The index of `day` counted from `from` (both `YYYY-MM-DD`, UTC). */
export function dayIndex(from: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
