import type { Catalog } from '../../catalog/catalog';
import { splitArn } from './arn';

/** One token of a pattern: a literal character, exactly one character, or any run (empty included). */
type Token = number | 'one' | 'any';

/** A resource type's ARN template, compiled once. */
export interface CompiledTemplate {
  /** `service:key` of the resource type, lower-cased (the action's service, which may differ from the ARN's). */
  readonly id: string;
  readonly hasRegion: boolean;
  readonly hasAccount: boolean;
  readonly resource: readonly Token[];
}

interface TemplateIndex {
  /** Resource types by the service field of their ARN (`iam` holds the roles sts and ec2 also name), not yet compiled. */
  readonly pending: Map<string, { prefix: string; key: string; arn: string }[]>;
  /** Compiled templates per ARN service, built on the first lookup of that service. */
  readonly byArnService: Map<string, CompiledTemplate[]>;
  /** Which templates a resource string can match, per ARN service and resource part. */
  readonly matches: Map<string, readonly CompiledTemplate[]>;
}

const indexes = new WeakMap<Catalog, TemplateIndex>();

// Up front, only the ARN's service field is read, with two indexOf calls per template (catalog placeholders hold no
// colons); splitting and tokenizing every template, and indexing every service, cost ~100 ms before a server's
// first diagnostics. The rest is done per ARN service on first use.
function indexOf(catalog: Catalog): TemplateIndex {
  let index = indexes.get(catalog);
  if (index) return index;
  const pending: TemplateIndex['pending'] = new Map();
  for (const [prefix, key, arn] of catalog.resourceTypeArns()) {
    const start = arn.indexOf(':', arn.indexOf(':') + 1) + 1;
    const end = arn.indexOf(':', start);
    if (start === 0 || end < 0) continue;
    const service = arn.slice(start, end);
    const list = pending.get(service);
    if (list) list.push({ prefix, key, arn });
    else pending.set(service, [{ prefix, key, arn }]);
  }
  index = { pending, byArnService: new Map(), matches: new Map() };
  indexes.set(catalog, index);
  return index;
}

function compiledFor(index: TemplateIndex, arnService: string): CompiledTemplate[] | undefined {
  let compiled = index.byArnService.get(arnService);
  if (compiled) return compiled;
  const types = index.pending.get(arnService);
  if (!types || arnService.includes('${')) return undefined;
  compiled = [];
  for (const { prefix, key, arn } of types) {
    const [, , , region, account, resource] = splitArn(arn).map((f) => f.text);
    if (resource === undefined) continue;
    compiled.push({
      id: `${prefix}:${key}`.toLowerCase(),
      hasRegion: region !== '',
      hasAccount: account !== '',
      resource: templateTokens(resource),
    });
  }
  if (compiled.length === 0) return undefined;
  index.byArnService.set(arnService, compiled);
  return compiled;
}

/** The templates whose ARNs use this service field; undefined when the catalog knows none. */
export function templatesFor(catalog: Catalog, arnService: string): readonly CompiledTemplate[] | undefined {
  return compiledFor(indexOf(catalog), arnService);
}

/**
 * The templates whose resource part some string matching the policy's resource part could also match.
 * Remembered per (service, resource), since the same ARNs recur across statements and keystrokes.
 */
export function matchingTemplates(catalog: Catalog, arnService: string, resource: string): readonly CompiledTemplate[] {
  const index = indexOf(catalog);
  const key = `${arnService}\u0000${resource}`;
  let found = index.matches.get(key);
  if (!found) {
    const tokens = policyTokens(resource);
    found = (compiledFor(index, arnService) ?? []).filter((template) => intersects(tokens, template.resource));
    if (index.matches.size > 20_000) index.matches.clear();
    index.matches.set(key, found);
  }
  return found;
}

// Placeholders (`${BucketName}`) stand for one or more characters, `/` and `:` included (object keys and role
// paths hold both); a literal `*` in a template (braket, health) stands for any run.
function templateTokens(resource: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < resource.length; i++) {
    if (resource.startsWith('${', i)) {
      const end = resource.indexOf('}', i);
      if (end > 0) {
        tokens.push('one', 'any');
        i = end;
        continue;
      }
    }
    const c = resource[i]!;
    tokens.push(c === '*' ? 'any' : c.charCodeAt(0));
  }
  return tokens;
}

// In a policy, `*` is any run, `?` one character, and a variable (`${aws:username}`) whatever it resolves to.
function policyTokens(resource: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < resource.length; i++) {
    if (resource.startsWith('${', i)) {
      const end = resource.indexOf('}', i);
      if (end > 0) {
        tokens.push('any');
        i = end;
        continue;
      }
    }
    const c = resource[i]!;
    tokens.push(c === '*' ? 'any' : c === '?' ? 'one' : c.charCodeAt(0));
  }
  return tokens;
}

/** Whether some string matches both patterns: a walk of the product automaton, O(|a| * |b|) states. */
function intersects(a: readonly Token[], b: readonly Token[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack = [0];
  seen[0] = 1;
  const visit = (i: number, j: number) => {
    const state = i * width + j;
    if (!seen[state]) {
      seen[state] = 1;
      stack.push(state);
    }
  };
  while (stack.length > 0) {
    const state = stack.pop()!;
    const i = Math.floor(state / width);
    const j = state % width;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    if (ta === 'any') visit(i + 1, j);
    if (tb === 'any') visit(i, j + 1);
    if (ta === undefined || tb === undefined || (ta === 'any' && tb === 'any')) continue;
    if (typeof ta === 'number' && typeof tb === 'number' && ta !== tb) continue;
    visit(ta === 'any' ? i : i + 1, tb === 'any' ? j : j + 1);
  }
  return false;
}
