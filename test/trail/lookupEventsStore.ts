/** An in-memory page sink for LookupEvents tests: keeps every delivered event id and the latest cursor per Region. */
import type { LookupCursor } from '../../core/trail/lookupCursor';
import type { LookupPage } from '../../core/trail/lookupEvents';

export class MemoryStore {
  readonly ids = new Map<string, string[]>();
  readonly cursors = new Map<string, LookupCursor>();
  pages = 0;

  readonly sink = async (page: LookupPage): Promise<void> => {
    const ids = this.ids.get(page.region) ?? [];
    for (const record of page.records) ids.push(String(record.eventID));
    this.ids.set(page.region, ids);
    this.cursors.set(page.region, page.cursor);
    this.pages += 1;
  };

  readonly cursorOf = (region: string): LookupCursor | undefined => this.cursors.get(region);

  idsOf(region: string): string[] {
    return this.ids.get(region) ?? [];
  }
}
