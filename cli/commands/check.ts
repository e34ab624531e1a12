import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { version } from '../../package.json';
import { loadCatalog } from '../../core/catalog/load';
import { bindingFor } from '../../core/config/bindings';
import { normalizeSeverity } from '../../core/config/settings';
import { POLICY_KINDS, type PolicyKind } from '../../core/policy/document';
import { isPolicyFile } from '../../core/policy/kind';
import { validatePolicy, type SeverityOverrides } from '../../core/validate';
import { collectFiles, reason } from '../files';
import { readBindings } from '../usageContext';
import type { CheckedFile } from '../report/checked';
import { jsonReport } from '../report/json';
import { sarifReport } from '../report/sarif';
import { textReport } from '../report/text';
import { parseCommandLine, UsageError, type Command, type Io } from './command';

const USAGE = `Usage: trailtight check PATH... [options]

Validates AWS policy files. Folders are searched recursively for *.json policies (skipping node_modules and
dot folders); files named explicitly are always checked. Exits 1 when any error is found, 2 on usage errors.

Options:
  --kind auto|identity|scp|rcp|resource|trust   policy kind (default auto: .trailtight/bindings.json, else inferred)
  --principal ARN                               the principal the policies are compared with
  --format text|json|sarif                      output format (default text)
  --severity CODE=LEVEL                         override a code's severity (error|warning|info|hint|off); repeatable
  --cache DIR                                   the .trailtight folder to read bindings from (default ./.trailtight)
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface CheckOptions {
  readonly paths: string[];
  readonly kind: PolicyKind | undefined;
  readonly principal: string | undefined;
  readonly format: Format;
  readonly overrides: SeverityOverrides;
  readonly cacheDir: string;
}

function parseOptions(args: string[], cwd: string): CheckOptions | 'help' {
  const parsed = parseCommandLine({
      args,
      allowPositionals: true,
      options: {
        kind: { type: 'string', default: 'auto' },
        principal: { type: 'string' },
        format: { type: 'string', default: 'text' },
        severity: { type: 'string', multiple: true, default: [] },
        cache: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('give at least one file or folder to check.');
  const kind = values.kind;
  if (kind !== 'auto' && !POLICY_KINDS.includes(kind as PolicyKind)) {
    throw new UsageError(`--kind must be auto or one of ${POLICY_KINDS.join(', ')}, not "${kind}".`);
  }
  if (!FORMATS.includes(values.format as Format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${values.format}".`);
  }
  return {
    paths: positionals,
    kind: kind === 'auto' ? undefined : (kind as PolicyKind),
    principal: values.principal,
    format: values.format as Format,
    overrides: parseSeverities(values.severity),
    cacheDir: resolve(cwd, values.cache ?? '.trailtight'),
  };
}

function parseSeverities(assignments: readonly string[]): SeverityOverrides {
  const raw: Record<string, string> = {};
  for (const assignment of assignments) {
    const match = /^([A-Za-z0-9_]+)=([a-z]+)$/.exec(assignment);
    if (!match) throw new UsageError(`--severity expects CODE=LEVEL (e.g. MISSING_VERSION=off), not "${assignment}".`);
    raw[match[1]!] = match[2]!;
  }
  const { overrides, problems } = normalizeSeverity(raw, '--severity');
  if (problems.length > 0) throw new UsageError(problems.join(' '));
  return overrides;
}

async function check(args: string[], io: Io): Promise<number> {
  const options = parseOptions(args, io.cwd);
  if (options === 'help') {
    io.out(USAGE);
    return 0;
  }
  const catalog = loadCatalog(__dirname);
  const bindings = options.kind ? [] : readBindings(options.cacheDir, io);
  const { candidates, problems } = collectFiles(options.paths, io.cwd);
  const checked: CheckedFile[] = [];
  for (const candidate of candidates) {
    const shown = relative(io.cwd, candidate.path) || candidate.path;
    let text: string;
    try {
      text = readFileSync(candidate.path, 'utf8');
    } catch (error) {
      problems.push(`${shown}: ${reason(error)}`);
      continue;
    }
    const relativePath = shown.split('\\').join('/');
    const kind = options.kind ?? bindingFor(bindings, relativePath)?.kind;
    const validation = validatePolicy(text, {
      catalog,
      ...(kind ? { kind } : {}),
      fileName: relativePath,
      overrides: options.overrides,
      onRuleError: (rule, error) => problems.push(`${shown}: internal error in rule ${rule}: ${String(error)}`),
    });
    if (!candidate.explicit && !isPolicyFile(validation.document, relativePath)) continue;
    checked.push({ file: shown, text, findings: validation.findings });
  }
  for (const problem of problems) io.err(`trailtight check: ${problem}\n`);
  if (options.format === 'json') io.out(jsonReport(checked));
  else if (options.format === 'sarif') io.out(sarifReport(checked, version));
  else io.out(textReport(checked));
  const failed = problems.length > 0 || checked.some((c) => c.findings.some((f) => f.severity === 'error'));
  return failed ? 1 : 0;
}

/** `trailtight check`: the validator for terminals and CI. */
export const checkCommand: Command = { name: 'check', summary: 'validate policy files and folders', run: check };
