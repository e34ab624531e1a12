import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { loadCatalog } from '../../core/catalog/load';
import { bindingFor, type Binding } from '../../core/config/bindings';
import { lineIndex } from '../../core/language/positions';
import type { PolicyKind } from '../../core/policy/document';
import { inferKind } from '../../core/policy/kind';
import { parsePolicy } from '../../core/policy/parse';
import { coveredWindow } from '../../core/usage/observability';
import type { UsageContext } from '../../core/usage/statements';
import { tightenPolicy } from '../../core/usage/tighten';
import { roleOfFileName } from '../../core/usage/trailIndex';
import { validatePolicy } from '../../core/validate';
import { reason } from '../files';
import { findPrincipal, loadUsageContext, readBindings, USAGE_OPTIONS, USAGE_OPTIONS_HELP, writeFileAtomic } from '../usageContext';
import { parseCommandLine, UsageError, type Command, type Io } from './command';
import { runtimePaths } from './import';

const USAGE = `Usage: trailtight tighten POLICY.json... [options]

Rewrites identity and bucket policies to the usage observed in the CloudTrail history of the cache: in Allow
statements, wildcards become the observed actions and unused actions go; actions CloudTrail cannot show are kept;
Deny and NotAction statements, Resources, Conditions and statements whose Sid starts with KEEP are left alone.
Prints a unified diff (notes go to stderr); --write changes the files instead.

The principal of an identity policy is --principal, else its entry in .trailtight/bindings.json, else the role whose
name is the file's name. Exits 0 when every file was handled, 1 when a file could not be read, bound or tightened
or the history is too short or too old to judge, 2 on usage errors.

Options:
  --principal ARN|NAME      the role or user the policies are compared with (overrides bindings.json)
  --write                   write the tightened policies instead of printing the diff
  --drop-not-observable     also remove actions CloudTrail cannot show (review the result carefully)
${USAGE_OPTIONS_HELP}`;

interface TightenOptions {
  readonly files: readonly string[];
  readonly principal: string | undefined;
  readonly write: boolean;
  readonly dropNotObservable: boolean;
  readonly cacheDir: string;
  readonly usage: { 'as-of'?: string; 'window-days'?: string; 'min-coverage-days'?: string };
}

function parseOptions(args: string[], cwd: string): TightenOptions | 'help' {
  const parsed = parseCommandLine({
      args,
      allowPositionals: true,
      options: {
        principal: { type: 'string' },
        write: { type: 'boolean', default: false },
        'drop-not-observable': { type: 'boolean', default: false },
        ...USAGE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('give at least one policy file to tighten.');
  return {
    files: positionals.map((p) => resolve(cwd, p)),
    principal: values.principal,
    write: values.write,
    dropNotObservable: values['drop-not-observable'],
    cacheDir: resolve(cwd, values.cache ?? '.trailtight'),
    usage: values,
  };
}

/** What one file needs besides its text: where it is, its binding, and the shared options. */
interface FileJob {
  readonly file: string;
  /** As shown to the user (relative to the current directory). */
  readonly shown: string;
  /** Relative to the workspace root, `/`-separated, as bindings.json names it. */
  readonly workspacePath: string;
  readonly binding: Binding | undefined;
}

async function tighten(args: string[], io: Io): Promise<number> {
  const options = parseOptions(args, io.cwd);
  if (options === 'help') {
    io.out(USAGE);
    return 0;
  }
  const catalog = loadCatalog(runtimePaths().catalogDir);
  const context = await loadUsageContext(options.cacheDir, catalog, options.usage, io);
  const window = coveredWindow(context.index, context.settings, context.now);
  if (window.insufficient) {
    io.err(`trailtight tighten: nothing was tightened: ${window.insufficient}.\n`);
    return 1;
  }
  const root = dirname(options.cacheDir);
  const bindings = readBindings(options.cacheDir, io);
  let failed = false;
  for (const file of options.files) {
    const workspacePath = relative(root, file).split('\\').join('/');
    const job: FileJob = { file, shown: relative(io.cwd, file) || file, workspacePath, binding: bindingFor(bindings, workspacePath) };
    const problem = await tightenFile(job, options, context, io);
    if (problem) {
      io.err(`trailtight tighten: ${problem}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/** Tightens one file: prints its diff or writes it, and its notes; returns what went wrong, if anything. */
async function tightenFile(job: FileJob, options: TightenOptions, context: UsageContext, io: Io): Promise<string | undefined> {
  let text: string;
  try {
    text = readFileSync(job.file, 'utf8');
  } catch (error) {
    return `${job.shown}: ${reason(error)}`;
  }
  const { document, problems } = parsePolicy(text);
  const syntax = problems[0];
  if (syntax) {
    const at = lineIndex(text)(syntax.offset);
    return `${job.shown}:${at.line + 1}:${at.character + 1}: ${syntax.message}; fix it before tightening.`;
  }
  const kind: PolicyKind = job.binding?.kind ?? inferKind(document, job.workspacePath);
  let binding: Binding | undefined;
  if (kind === 'identity') {
    const named = options.principal ?? job.binding?.principal ?? roleOfFileName(job.file, context.index);
    if (named === undefined) {
      return `${job.shown}: not bound to a principal; give --principal, add it to .trailtight/bindings.json, or name the file after the role.`;
    }
    const principal = findPrincipal(context.index, named);
    if ('error' in principal) return `${job.shown}: ${principal.error}`;
    binding = { path: job.workspacePath, principal: principal.arn };
  }
  const result = tightenPolicy(text, kind, binding, context, { keepNotObservable: !options.dropNotObservable });
  for (const note of result.notes) io.err(`${job.shown}: ${note}\n`);
  if (result.text === text) return undefined;
  const introduced = newErrors(text, result.text, kind, context);
  if (introduced.length > 0) return `${job.shown}: the tightened policy would not validate (${introduced.join(', ')}); nothing was changed.`;
  if (!options.write) {
    io.out(createTwoFilesPatch(`a/${job.workspacePath}`, `b/${job.workspacePath}`, text, result.text, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY }));
    return undefined;
  }
  try {
    await writeFileAtomic(job.file, result.text);
  } catch (error) {
    return `${job.shown}: could not write: ${reason(error)}`;
  }
  io.out(`${job.shown}: tightened\n`);
  return undefined;
}

/** Error codes the tightened text has that the original does not (a safety net: tightening must never break a policy). */
function newErrors(before: string, after: string, kind: PolicyKind, context: UsageContext): string[] {
  const errors = (text: string) =>
    validatePolicy(text, { catalog: context.catalog, kind }).findings.filter((f) => f.severity === 'error').map((f) => f.code);
  const old = errors(before);
  return errors(after).filter((code) => {
    const i = old.indexOf(code);
    if (i < 0) return true;
    old.splice(i, 1);
    return false;
  });
}

/** `trailtight tighten`. */
export const tightenCommand: Command = {
  name: 'tighten',
  summary: 'rewrite policies to the actions their principal was observed using',
  run: tighten,
};
