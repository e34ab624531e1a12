import type { PolicyKind } from '../policy/document';

/** Where a document's kind came from, in precedence order. */
export type KindSource = 'bindings' | 'override' | 'inferred';

const KIND_LABEL: Record<PolicyKind, string> = {
  identity: 'Identity',
  scp: 'SCP',
  rcp: 'RCP',
  resource: 'Resource',
  trust: 'Trust',
};

const SOURCE_LABEL: Record<KindSource, string> = {
  bindings: 'from bindings.json',
  override: 'set for this session',
  inferred: 'inferred',
};

/** A policy kind as people read it: "SCP". */
export function kindName(kind: PolicyKind): string {
  return KIND_LABEL[kind];
}

/** A policy kind with where it came from: "SCP (inferred)". */
export function kindLabel(kind: PolicyKind, source: KindSource): string {
  return `${KIND_LABEL[kind]} (${SOURCE_LABEL[source]})`;
}
