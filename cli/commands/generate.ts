import { resolve } from 'node:path';
import { generatePolicy } from '../../core/usage/generate';
import { readCache } from '../../core/trail/cache';
import { TrailIndex } from '../../core/usage/trailIndex';
import { findPrincipal } from '../usageContext';
import { parseCommandLine, UsageError, type Command, type Io } from './command';

const USAGE = `Usage: trailtight generate --principal ARN|NAME [--cache DIR]

Prints a new identity policy granting exactly the actions the principal was allowed to call in the CloudTrail
history of the cache (denied-only calls are left out): one statement per service, actions sorted, "Resource": "*"
(narrow the resources before deploying). Notes go to stderr. Exits 1 when the principal is not in the history.

Options:
  --principal ARN|NAME   the role or user (ARN, or a role or user name the history knows)
  --cache DIR            the .trailtight folder holding the cache (default ./.trailtight)
`;

async function generate(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine({ args, options: { principal: { type: 'string' }, cache: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const { values } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.principal === undefined) throw new UsageError('give the principal with --principal ARN|NAME.');
  const { cache, message } = await readCache(resolve(io.cwd, values.cache ?? '.trailtight'));
  if (message) io.err(`${message}\n`);
  const index = TrailIndex.build(cache.snapshot);
  const principal = findPrincipal(index, values.principal);
  if ('error' in principal) {
    io.err(`trailtight generate: ${principal.error}\n`);
    return 1;
  }
  if (index.usageOf(principal.arn).size === 0) {
    io.err(`trailtight generate: ${principal.arn} has no calls in the usage history.\n`);
    return 1;
  }
  const generated = generatePolicy(principal.arn, index);
  for (const note of generated.notes) io.err(`${note}\n`);
  io.out(generated.text);
  return 0;
}

/** `trailtight generate`. */
export const generateCommand: Command = {
  name: 'generate',
  summary: 'print a policy granting exactly the actions a principal was observed using',
  run: generate,
};
