// A minimal test runner for inside the extension host: no mocha, results as JSON for the launcher to check
// (the extension host exits 0 even when tests fail, so the file is the verdict).
import { renameSync, writeFileSync } from 'node:fs';

export interface InHostResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

export interface InHostReport {
  readonly total: number;
  readonly failed: number;
  readonly results: readonly InHostResult[];
}

const tests: { name: string; fn: () => Promise<void> }[] = [];

/** Registers a test; tests run in registration order, each with a 20 s limit. */
export function test(name: string, fn: () => Promise<void>): void {
  tests.push({ name, fn });
}

/** Runs every registered test and writes the report to `resultsFile` atomically (write, then rename). */
export async function runAll(resultsFile: string): Promise<InHostReport> {
  const results: InHostResult[] = [];
  for (const { name, fn } of tests) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out after 20 s')), 20_000);
        }),
      ]);
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - started, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
  const report: InHostReport = { total: results.length, failed: results.filter((r) => !r.ok).length, results };
  writeFileSync(`${resultsFile}.tmp`, JSON.stringify(report, null, 2));
  renameSync(`${resultsFile}.tmp`, resultsFile);
  return report;
}
