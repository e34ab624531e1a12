import type { Node } from 'jsonc-parser';
import type { Catalog } from '../catalog/catalog';
import type { Fix } from '../findings/finding';
import type { JsonPath, PolicyDocument, PolicyKind, Span } from '../policy/document';

/** Which kind of identity a policy is attached to, when that changes a quota (inline policies). */
export type AttachedTo = 'managed' | 'user' | 'group' | 'role';

/** What a rule sees: the parsed document, its kind, the catalog, and a way to report. */
export interface RuleContext {
  readonly document: PolicyDocument;
  readonly kind: PolicyKind;
  readonly catalog: Catalog;
  readonly attachedTo: AttachedTo;
  /**
   * Reports a finding on a node (its whole span, quotes included for strings) or on an explicit span with the
   * path of the node it belongs to.
   */
  report(code: string, at: Node | { span: Span; path: JsonPath }, message: string, data?: FindingData): void;
}

export type FindingData = Readonly<Record<string, string | number | boolean | string[]>>;

/** What a fix needs: the document and the finding's code, path and data. */
export interface FixContext {
  readonly document: PolicyDocument;
  readonly code: string;
  readonly path: JsonPath;
  readonly data: FindingData | undefined;
  readonly catalog: Catalog;
}

/** One check: the codes it may emit, the check itself, and optional quick fixes per code. */
export interface Rule {
  /** A short stable name, used in internal-error messages. */
  readonly name: string;
  readonly codes: readonly string[];
  /** The policy kinds it applies to; all when absent. */
  readonly kinds?: readonly PolicyKind[];
  check(context: RuleContext): void;
  /** Quick fixes for one of its findings, recomputed from the document; empty when none is unambiguous. */
  fixes?(context: FixContext): Fix[];
}
