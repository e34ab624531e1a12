import type { ActionLookup } from '../catalog/actionNames';
import eventSourcesTable from '../../data/eventSources.json';
import renamesTable from '../../data/renames.json';
import passRoleTable from '../../data/passRole.json';
import { stripVersionSuffix } from './suffix';
import { obj, str } from './record';

/** The curated tables of data/ (event source -> IAM prefix, renames, role-passing request parameters). */
export interface MappingTables {
  readonly eventSources: Readonly<Record<string, string>>;
  readonly renames: Readonly<Record<string, readonly string[]>>;
  readonly passRole: Readonly<Record<string, readonly string[]>>;
}

/** The tables shipped in data/. */
export const DEFAULT_TABLES: MappingTables = {
  eventSources: eventSourcesTable,
  renames: renamesTable,
  passRole: passRoleTable,
};

/** How one event name maps, independent of the record's request parameters. */
export interface EventMapping {
  /** The IAM prefix of the event source. */
  readonly service: string;
  /** Catalog-spelled `service:Action`s; empty when unmapped. */
  readonly actions: readonly string[];
  /** Request parameter names that, when present, mean a role was passed (iam:PassRole). */
  readonly passRoleKeys: readonly string[];
}

const AMAZONAWS = /\.amazonaws\.com$/;

/**
 * The event -> action pipeline of DESIGN.md: source -> prefix, anchored version-suffix stripping, renames and
 * multi-action rules, canonicalisation against the catalog. Results per (source, name) are memoised, since a
 * trail repeats the same few hundred events.
 */
export class EventMapper {
  /** By event source, then event name: two lookups, no key string made per record. */
  private readonly memo = new Map<string, Map<string, EventMapping>>();
  private readonly passRole: string | undefined;

  constructor(
    private readonly catalog: ActionLookup,
    private readonly tables: MappingTables = DEFAULT_TABLES,
  ) {
    this.passRole = this.canonical('iam:PassRole');
  }

  /** The IAM prefix of an event source: the data/ table, else the host's first label. */
  servicePrefix(eventSource: string): string {
    const host = eventSource.replace(AMAZONAWS, '');
    return this.tables.eventSources[host] ?? host.split('.')[0] ?? host;
  }

  /** Maps an AwsApiCall's source and name (without request parameters). */
  map(eventSource: string, eventName: string): EventMapping {
    let names = this.memo.get(eventSource);
    if (!names) {
      names = new Map();
      this.memo.set(eventSource, names);
    }
    let mapping = names.get(eventName);
    if (!mapping) {
      mapping = this.compute(eventSource, eventName);
      names.set(eventName, mapping);
    }
    return mapping;
  }

  /**
   * The actions of a record: its event's actions plus iam:PassRole when its request parameters pass a role.
   * Request parameters are read only for the few events that can pass a role.
   */
  actionsOf(mapping: EventMapping, record: { readonly requestParameters?: unknown }): readonly string[] {
    if (mapping.actions.length === 0 || mapping.passRoleKeys.length === 0 || !this.passRole) return mapping.actions;
    return passesRole(record.requestParameters, mapping.passRoleKeys) ? [...mapping.actions, this.passRole] : mapping.actions;
  }

  /** The catalog's spelling of `service:Action`, or undefined when the catalog has no such action. */
  canonical(action: string): string | undefined {
    const colon = action.indexOf(':');
    if (colon < 0) return undefined;
    const found = this.catalog.action(action.slice(0, colon), action.slice(colon + 1));
    return found ? `${found.service}:${found.name}` : undefined;
  }

  private compute(eventSource: string, eventName: string): EventMapping {
    const service = this.servicePrefix(eventSource);
    const name = `${service}:${stripVersionSuffix(eventName)}`;
    const targets = this.tables.renames[name] ?? [name];
    const actions = targets.map((t) => this.canonical(t));
    const complete = actions.every((a): a is string => a !== undefined);
    return {
      service,
      actions: complete ? actions : [],
      passRoleKeys: complete ? (this.tables.passRole[name] ?? []) : [],
    };
  }
}

/** True when any of `keys` holds a non-empty value at any depth of the request parameters. */
function passesRole(parameters: unknown, keys: readonly string[], depth = 0): boolean {
  const params = obj(parameters);
  if (!params || depth > 4) return false;
  for (const [key, value] of Object.entries(params)) {
    if (keys.includes(key) && (str(value) || obj(value))) return true;
    if (obj(value) && passesRole(value, keys, depth + 1)) return true;
  }
  return false;
}
