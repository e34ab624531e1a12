import type { Command } from './command';
import { checkCommand } from './check';
import { generateCommand } from './generate';
import { importCommand } from './import';
import { tightenCommand } from './tighten';
import { usageCommand } from './usage';

/**
 * `trailtight fetch`: LookupEvents into the usage cache. Its module is loaded when it runs: it brings the AWS SDK,
 * ~15 MB of memory that every other command (an import above all) would carry for nothing.
 */
const fetchCommand: Command = {
  name: 'fetch',
  summary: 'pull recent CloudTrail events with LookupEvents into the usage cache',
  run: async (args, io) => (await import('./fetch.js')).fetchFromCommandLine(args, io),
};

/** Every subcommand; adding one is one line here. */
export const COMMANDS: readonly Command[] = [
  checkCommand,
  fetchCommand,
  generateCommand,
  importCommand,
  tightenCommand,
  usageCommand,
];
