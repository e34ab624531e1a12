// The Last Accessed tree as plain data: grouping, sorting, filtering and the text of each row. No vscode here, so the
// tree's behaviour is unit-tested under node --test; lastAccessedView.ts only turns these nodes into TreeItems.
import type { UsageRow } from '../trail/observation';

/** One action of a principal: when it was last called and how often, allowed and denied. */
export interface ActionAccess {
  readonly action: string;
  /** The newest call, allowed or denied. */
  readonly lastSeen: number;
  readonly count: number;
  readonly denied: number;
}

/** One service a principal called. */
export interface ServiceAccess {
  readonly service: string;
  /** The newest allowed call; undefined when every call was denied. */
  readonly lastAccessed: number | undefined;
  readonly calls: number;
  readonly denied: number;
  /** Newest first. */
  readonly actions: readonly ActionAccess[];
}

/** One principal (role, user or root) and the services it called. */
export interface PrincipalAccess {
  readonly arn: string;
  readonly name: string;
  readonly kind: 'role' | 'user' | 'root';
  /** The newest call of any action, allowed or denied. */
  readonly lastActivity: number;
  readonly calls: number;
  readonly denied: number;
  /** Most recently accessed first. */
  readonly services: readonly ServiceAccess[];
}

/** The principals of one account. */
export interface AccountAccess {
  readonly account: string;
  readonly lastActivity: number;
  /** Most recently active first. */
  readonly principals: readonly PrincipalAccess[];
}

/** Account, kind and name of an IAM principal ARN (`arn:aws:iam::123:role/path/Name`, `...:user/x`, `...:root`). */
export function parsePrincipalArn(arn: string): { account: string; kind: PrincipalAccess['kind']; name: string } {
  const parts = arn.split(':');
  const account = parts[4] ?? '';
  const resource = parts.slice(5).join(':');
  if (resource === 'root') return { account, kind: 'root', name: 'root' };
  const kind = resource.startsWith('user/') ? 'user' : 'role';
  return { account, kind, name: resource.slice(resource.lastIndexOf('/') + 1) };
}

const byRecency = <T>(time: (t: T) => number | undefined, name: (t: T) => string) => (a: T, b: T) =>
  (time(b) ?? -1) - (time(a) ?? -1) || name(a).localeCompare(name(b));

const sortActions = byRecency<ActionAccess>((a) => a.lastSeen, (a) => a.action);
const sortServices = byRecency<ServiceAccess>((s) => s.lastAccessed ?? lastSeenOf(s.actions), (s) => s.service);
const sortPrincipals = byRecency<PrincipalAccess>((p) => p.lastActivity, (p) => p.arn);
const sortAccounts = byRecency<AccountAccess>((a) => a.lastActivity, (a) => a.account);

function lastSeenOf(actions: readonly ActionAccess[]): number | undefined {
  return actions.reduce<number | undefined>((t, a) => (t === undefined || a.lastSeen > t ? a.lastSeen : t), undefined);
}

function serviceOf(actions: readonly ActionAccess[], service: string): ServiceAccess {
  let lastAccessed: number | undefined;
  let calls = 0;
  let denied = 0;
  for (const a of actions) {
    // Last access means the last allowed call, as IAM Access Advisor counts it; a denied call is not an access.
    if (a.count > 0 && (lastAccessed === undefined || a.lastSeen > lastAccessed)) lastAccessed = a.lastSeen;
    calls += a.count;
    denied += a.denied;
  }
  return { service, lastAccessed, calls, denied, actions: [...actions].sort(sortActions) };
}

function principalOf(arn: string, services: readonly ServiceAccess[]): PrincipalAccess {
  const { kind, name } = parsePrincipalArn(arn);
  const all = services.flatMap((s) => s.actions);
  return {
    arn,
    name,
    kind,
    lastActivity: lastSeenOf(all) ?? 0,
    calls: services.reduce((n, s) => n + s.calls, 0),
    denied: services.reduce((n, s) => n + s.denied, 0),
    services: [...services].sort(sortServices),
  };
}

function accountOf(account: string, principals: readonly PrincipalAccess[]): AccountAccess {
  const sorted = [...principals].sort(sortPrincipals);
  return { account, lastActivity: sorted[0]?.lastActivity ?? 0, principals: sorted };
}

/**
 * Groups usage rows (from the cache) into accounts -> principals -> services -> actions, newest first at each level.
 * Rows of the same principal and action (several workspace folders' caches) are merged: counts add up, the newest
 * call wins.
 */
export function lastAccessedFromUsage(rows: readonly UsageRow[]): AccountAccess[] {
  const tree = new Map<string, Map<string, Map<string, Map<string, ActionAccess>>>>();
  for (const row of rows) {
    const account = parsePrincipalArn(row.principal).account;
    const principals = getOrSet(tree, account, () => new Map<string, Map<string, Map<string, ActionAccess>>>());
    const services = getOrSet(principals, row.principal, () => new Map<string, Map<string, ActionAccess>>());
    const service = row.action.slice(0, Math.max(0, row.action.indexOf(':')));
    const actions = getOrSet(services, service, () => new Map<string, ActionAccess>());
    const known = actions.get(row.action);
    actions.set(
      row.action,
      known
        ? { action: row.action, lastSeen: Math.max(known.lastSeen, row.lastSeen), count: known.count + row.count, denied: known.denied + row.denied }
        : { action: row.action, lastSeen: row.lastSeen, count: row.count, denied: row.denied },
    );
  }
  return [...tree]
    .map(([account, principals]) =>
      accountOf(
        account,
        [...principals].map(([arn, services]) => principalOf(arn, [...services].map(([s, actions]) => serviceOf([...actions.values()], s)))),
      ),
    )
    .sort(sortAccounts);
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/**
 * Keeps what matches `query` (case-insensitive substring): a principal whose ARN matches keeps all its services, a
 * service whose prefix matches keeps all its actions, otherwise only matching actions stay. Totals are recomputed
 * over what stays, so a row's description always describes its children. An empty query keeps everything.
 */
export function filterLastAccessed(accounts: readonly AccountAccess[], query: string): AccountAccess[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...accounts];
  const hit = (s: string) => s.toLowerCase().includes(q);
  const result: AccountAccess[] = [];
  for (const account of accounts) {
    const principals: PrincipalAccess[] = [];
    for (const p of account.principals) {
      if (hit(p.arn)) {
        principals.push(p);
        continue;
      }
      const services: ServiceAccess[] = [];
      for (const s of p.services) {
        if (hit(s.service)) services.push(s);
        else {
          const actions = s.actions.filter((a) => hit(a.action));
          if (actions.length > 0) services.push(serviceOf(actions, s.service));
        }
      }
      if (services.length > 0) principals.push(principalOf(p.arn, services));
    }
    if (principals.length > 0) result.push(accountOf(account.account, principals));
  }
  return result.sort(sortAccounts);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 minutes ago", "3 hours ago", "yesterday", "12 days ago", "4 months ago", "2 years ago". */
export function relativeTime(then: number, now: number): string {
  const ago = Math.max(0, now - then);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return plural(Math.floor(ago / MINUTE), 'minute');
  if (ago < DAY) return plural(Math.floor(ago / HOUR), 'hour');
  const days = Math.floor(ago / DAY);
  if (days === 1) return 'yesterday';
  if (days < 60) return plural(days, 'day');
  if (days < 730) return plural(Math.floor(days / 30), 'month');
  return plural(Math.floor(days / 365), 'year');
}

/** 1204 -> "1,204" (a fixed locale, so the text does not depend on the machine). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function callsText(calls: number, denied: number): string {
  const parts = [`${formatCount(calls)} call${calls === 1 ? '' : 's'}`];
  if (denied > 0) parts.push(`${formatCount(denied)} denied`);
  return parts.join(', ');
}

/** A service row's description: "3 days ago · 1,204 calls", "never allowed · 2 denied" when every call was denied. */
export function serviceDescription(service: ServiceAccess, now: number): string {
  const when = service.lastAccessed === undefined ? 'never allowed' : relativeTime(service.lastAccessed, now);
  return service.calls === 0 ? `${when} · ${formatCount(service.denied)} denied` : `${when} · ${callsText(service.calls, service.denied)}`;
}

/** An action row's description: "yesterday · 12 calls, 3 denied". */
export function actionDescription(action: ActionAccess, now: number): string {
  return `${relativeTime(action.lastSeen, now)} · ${callsText(action.count, action.denied)}`;
}

/** A principal row's description: "2 hours ago · 5 services". */
export function principalDescription(principal: PrincipalAccess, now: number): string {
  const n = principal.services.length;
  return `${relativeTime(principal.lastActivity, now)} · ${n} service${n === 1 ? '' : 's'}`;
}

/** An account row's description: "4 principals". */
export function accountDescription(account: AccountAccess): string {
  const n = account.principals.length;
  return `${n} principal${n === 1 ? '' : 's'}`;
}
