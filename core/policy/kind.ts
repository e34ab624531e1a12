import type { PolicyDocument, PolicyKind } from './document';
import { stringValues } from './values';

/**
 * Infers a policy's kind when no binding names it: a Principal with an sts:Assume* action means a trust policy,
 * any other Principal a resource policy, a file or folder name containing "scp"/"rcp" an SCP/RCP, else identity.
 */
export function inferKind(document: PolicyDocument, fileName: string | undefined): PolicyKind {
  const withPrincipal = document.statements.filter((s) => s.elements.Principal || s.elements.NotPrincipal);
  if (withPrincipal.length > 0) {
    const assumes = withPrincipal.some((s) =>
      stringValues(s.elements.Action).some((a) => /^sts:(AssumeRole|TagSession|SetSourceIdentity|SetContext)/i.test(a.value)),
    );
    if (assumes) return 'trust';
    if (fileName && /(^|[^a-z])rcps?([^a-z]|$)/i.test(fileName)) return 'rcp';
    return 'resource';
  }
  if (fileName) {
    if (/(^|[^a-z])scps?([^a-z]|$)/i.test(fileName)) return 'scp';
    if (/(^|[^a-z])rcps?([^a-z]|$)/i.test(fileName)) return 'rcp';
  }
  return 'identity';
}

/** True for JSON we should validate: a top-level object with `Statement`, or any `*.policy.json` file. */
export function isPolicyFile(document: PolicyDocument, fileName: string | undefined): boolean {
  if (fileName && /\.policy\.json$/i.test(fileName)) return true;
  return document.root?.type === 'object' && document.statementElement !== undefined;
}
