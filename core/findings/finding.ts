import type { JsonPath, Span } from '../policy/document';

/** How loud a finding is; `off` in an override disables the code. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** One problem in a policy, positioned on its source span. Codes come from the findings table. */
export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** JSON path of the node the finding is about; fixes recompute their edit from it. */
  readonly path: JsonPath;
  /** Plain data a fix needs (e.g. the suggested action); never parsed from the message. */
  readonly data?: Readonly<Record<string, string | number | boolean | string[]>>;
}

/** A text edit in offsets, converted to editor ranges at the edge. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

/** A quick fix for one finding. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix VS Code should offer first (`isPreferred`). */
  readonly preferred?: boolean;
}
