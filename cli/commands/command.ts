import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes; injected so tests and other callers can capture output. */
export interface Io {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

/** One `trailtight <name>` subcommand. */
export interface Command {
  readonly name: string;
  /** One line for `trailtight --help`. */
  readonly summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: Io): Promise<number>;
}

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** `parseArgs` whose mistakes (an unknown flag, a missing value) are usage errors: printed with the usage, exit 2. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
