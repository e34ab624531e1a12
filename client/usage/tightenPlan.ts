// What "Tighten to Observed Usage" does with the server's answer: nothing (stale or unchanged), or a preview of edits.
// No vscode here: the decision and the preview entries are tested under node --test; the command turns the entries
// into a WorkspaceEdit.
import type { Range } from 'vscode-languageserver-protocol';
import type { TightenResponse } from '../../server/protocol';

/** One edit of the refactor preview, with the label VS Code groups it under. */
export interface PreviewEntry {
  readonly range: Range;
  readonly newText: string;
  /** Every entry carries this metadata, so VS Code shows the refactor preview before anything is written. */
  readonly metadata: { readonly label: string; readonly description: string; readonly needsConfirmation: true };
}

export type TightenPlan =
  | { readonly kind: 'stale'; readonly message: string }
  | { readonly kind: 'unchanged'; readonly message: string }
  | { readonly kind: 'preview'; readonly entries: PreviewEntry[] };

/** The label every edit of one tighten is grouped under in the preview. */
export const TIGHTEN_LABEL = 'Tighten to observed usage';

const lineOf = (range: Range) => `line ${range.start.line + 1}`;

/** Describes one edit for the preview's tree, from the text it removes and inserts. */
function describe(range: Range, newText: string): string {
  const sameLine = range.start.line === range.end.line;
  const where = sameLine ? lineOf(range) : `lines ${range.start.line + 1}–${range.end.line + 1}`;
  if (newText === '') return `${where}: remove`;
  return `${where}: replace`;
}

/**
 * Decides from the server's answer and the document's current version: edits computed on another version are not
 * applied (the user typed meanwhile); no edits means the policy already matches the observed usage.
 */
export function planTighten(response: TightenResponse, currentVersion: number, fileName: string): TightenPlan {
  if (response.version !== currentVersion) {
    return {
      kind: 'stale',
      message: `${fileName} changed while the tightened policy was computed (version ${response.version}, now ${currentVersion}); nothing was changed. Run "Tighten to Observed Usage" again.`,
    };
  }
  if (response.edits.length === 0) {
    // The notes say why: already tight, no history loaded, every statement kept by its Sid...
    return { kind: 'unchanged', message: withNotes(`Nothing to tighten in ${fileName}.`, response.notes) };
  }
  // In document order, so the preview lists the changes top-down.
  // Each statement's change is its own node of the preview (ticked one by one, or all by the file's box).
  const labelled = response.edits.map((edit, i) => ({ edit, label: response.labels?.[i] || TIGHTEN_LABEL }));
  const sorted = labelled.sort((a, b) => a.edit.range.start.line - b.edit.range.start.line || a.edit.range.start.character - b.edit.range.start.character);
  return {
    kind: 'preview',
    entries: sorted.map(({ edit, label }) => ({
      range: edit.range,
      newText: edit.newText,
      metadata: { label, description: describe(edit.range, edit.newText), needsConfirmation: true },
    })),
  };
}

/** The message after the preview closed: what happened, then the first note (all of them go to the output). */
export function tightenSummary(fileName: string, applied: boolean, edits: number, notes: readonly string[]): string {
  const head = applied ? `Tightened ${fileName} (${edits} ${edits === 1 ? 'edit' : 'edits'}).` : `Nothing of the tightening of ${fileName} was applied (discarded, or no change checked in the preview).`;
  return withNotes(head, notes);
}

function withNotes(head: string, notes: readonly string[]): string {
  const [first] = notes;
  if (first === undefined) return head;
  return notes.length === 1 ? `${head} ${first}` : `${head} ${first} (and ${notes.length - 1} more in the output)`;
}
