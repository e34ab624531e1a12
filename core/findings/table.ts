import type { Severity } from './finding';

/** Where a code comes from: IAM Access Analyzer's check of the same name, Parliament's, or Trailtight's own. */
export type CodeOrigin = 'access-analyzer' | 'parliament' | 'trailtight';

/** The groups the checks are documented under (docs/CHECKS.md). */
export type CheckGroup =
  | 'grammar'
  | 'actions'
  | 'arns'
  | 'conditions'
  | 'variables'
  | 'principals'
  | 'policy types'
  | 'size'
  | 'security'
  | 'usage';

/** One row of the findings table. */
export interface CodeInfo {
  readonly severity: Severity;
  readonly title: string;
  readonly group: CheckGroup;
  readonly origin: CodeOrigin;
  /** A page that explains the check. */
  readonly docs: string;
}

type Row = [Severity, string, CodeOrigin?, string?];

const AA_DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';
const AA_SECTION: Record<Severity, string> = { error: 'error', warning: 'general-warning', info: 'suggestion', hint: 'suggestion' };
const GRAMMAR_DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html';
const SCP_DOCS = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html';
const RCP_DOCS = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html';
const PARLIAMENT_DOCS = 'https://github.com/duo-labs/parliament#custom-config-file';
const USAGE_DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html';

// Each group lists its codes once. Rows: [default severity, title, origin (default access-analyzer), docs link].
// Severities follow Access Analyzer (ERROR -> error, WARNING and SECURITY_WARNING -> warning, SUGGESTION -> info),
// except where the catalog can lag AWS: an unknown action or service is a warning, never an error.
const GROUPS: Record<CheckGroup, Record<string, Row>> = {
  grammar: {
    JSON_SYNTAX_ERROR: ['error', 'JSON syntax error'],
    DUPLICATE_KEY: ['error', 'Duplicate key', 'trailtight', GRAMMAR_DOCS],
    DUPLICATE_KEYS_WITH_DIFFERENT_CASE: ['error', 'Duplicate keys with different case'],
    INVALID_VALUE_TYPE: ['error', 'Invalid value type', 'trailtight', GRAMMAR_DOCS],
    MISSING_VERSION: ['warning', 'Missing version'],
    INVALID_VERSION: ['error', 'Invalid version'],
    MISSING_STATEMENT: ['error', 'Missing statement'],
    MISSING_EFFECT: ['error', 'Missing effect'],
    INVALID_EFFECT: ['error', 'Invalid effect'],
    MISSING_ACTION: ['error', 'Missing action'],
    MISSING_RESOURCE: ['error', 'Missing resource'],
    INVALID_POLICY_ELEMENT: ['error', 'Invalid policy element'],
    UNSUPPORTED_ELEMENT_COMBINATION: ['error', 'Unsupported element combination'],
    UNIQUE_SIDS_REQUIRED: ['error', 'Unique Sids required'],
    UNIQUE_SIDS_RECOMMENDED: ['warning', 'Unique Sids recommended'],
    UNSUPPORTED_SID: ['error', 'Unsupported Sid'],
    EMPTY_SID_VALUE: ['info', 'Empty Sid value'],
    EMPTY_ARRAY_ACTION: ['info', 'Empty array action'],
    EMPTY_ARRAY_RESOURCE: ['info', 'Empty array resource'],
    EMPTY_ARRAY_PRINCIPAL: ['info', 'Empty array principal'],
    EMPTY_ARRAY_CONDITION: ['info', 'Empty array condition'],
    EMPTY_OBJECT_CONDITION: ['info', 'Empty object condition'],
    EMPTY_OBJECT_PRINCIPAL: ['info', 'Empty object principal'],
    REDUNDANT_ACTION: ['info', 'Redundant action'],
    REDUNDANT_RESOURCE: ['info', 'Redundant resource'],
    REDUNDANT_STATEMENT: ['info', 'Redundant statement'],
    DOCUMENT_TOO_LARGE: ['warning', 'Document too large to analyze', 'trailtight', GRAMMAR_DOCS],
  },
  actions: {
    INVALID_SERVICE: ['warning', 'Invalid service'],
    INVALID_SERVICE_IN_ACTION: ['warning', 'Invalid service in action'],
    INVALID_ACTION: ['warning', 'Invalid action'],
    WILDCARD_IN_SERVICE_NAME: ['info', 'Wildcard in service name'],
    WILDCARD_MATCHES_NO_ACTION: ['warning', 'Wildcard matches no action', 'trailtight', GRAMMAR_DOCS],
  },
  arns: {
    INVALID_ARN_PREFIX: ['error', 'Invalid ARN prefix'],
    INVALID_PARTITION: ['error', 'Invalid partition'],
    INVALID_ARN_SERVICE_CASE: ['error', 'Invalid ARN service case'],
    INVALID_ARN_REGION: ['error', 'Invalid ARN Region'],
    INVALID_ARN_ACCOUNT: ['error', 'Invalid ARN account'],
    MISSING_ARN_FIELD: ['error', 'Missing ARN field'],
    MISSING_ARN_REGION: ['error', 'Missing ARN Region'],
    // A warning: AWS's own managed policies name resource formats the catalog does not know yet.
    INVALID_ARN_RESOURCE: ['warning', 'Invalid ARN resource'],
    ARN_REGION_NOT_ALLOWED: ['error', 'ARN Region not allowed'],
    ARN_ACCOUNT_NOT_ALLOWED: ['error', 'ARN account not allowed'],
    RESOURCE_MISMATCH: ['warning', 'Resource matches no resource type of the actions', 'parliament', PARLIAMENT_DOCS],
  },
  conditions: {
    INVALID_CONDITION_OPERATOR: ['error', 'Invalid condition operator'],
    // Access Analyzer says error, but the catalog lags AWS (managed policies use keys it lacks, e.g.
    // aws:PrincipalOrgMasterAccountId, deepracer:UserToken): an unknown key is a warning, like an unknown action.
    INVALID_GLOBAL_CONDITION_KEY: ['warning', 'Invalid global condition key'],
    INVALID_SERVICE_CONDITION_KEY: ['warning', 'Invalid service condition key'],
    INVALID_CONDITION_KEY_FORMAT: ['error', 'Invalid condition key format'],
    INVALID_CONDITION_MULTIPLE_BOOLEAN: ['error', 'Invalid condition multiple Boolean'],
    DATA_TYPE_MISMATCH: ['error', 'Data type mismatch'],
    TYPE_MISMATCH: ['warning', 'Type mismatch'],
    TYPE_MISMATCH_STRING: ['warning', 'Type mismatch string'],
    TYPE_MISMATCH_NUMBER: ['warning', 'Type mismatch number'],
    TYPE_MISMATCH_BOOLEAN: ['warning', 'Type mismatch Boolean'],
    TYPE_MISMATCH_DATE: ['warning', 'Type mismatch date'],
    TYPE_MISMATCH_IP_RANGE: ['warning', 'Type mismatch IP range'],
    INVALID_DATE_VALUE: ['warning', 'Invalid date value'],
    NULL_WITH_IF_EXISTS: ['error', 'Null with if exists'],
    NULL_WITH_QUALIFIER: ['info', 'Null with qualifier'],
    FORALLVALUES_WITH_SINGLE_VALUED_KEY: ['warning', 'ForAllValues with single valued key'],
    WILDCARD_WITHOUT_LIKE_OPERATOR: ['warning', 'Wildcard without like operator'],
    DEPRECATED_GLOBAL_CONDITION_KEY: ['warning', 'Deprecated global condition key'],
    IRRELEVANT_CONDITION_KEY_IN_POLICY: ['info', 'Irrelevant condition key in policy'],
  },
  variables: {
    MISSING_BRACE_IN_VARIABLE: ['error', 'Missing brace in variable'],
    MISSING_QUOTE_IN_VARIABLE: ['error', 'Missing quote in variable'],
    EMPTY_VARIABLE: ['error', 'Empty variable'],
    UNSUPPORTED_SPACE_IN_VARIABLE: ['error', 'Unsupported space in variable'],
    VARIABLE_UNSUPPORTED_IN_VERSION: ['error', 'Variable unsupported in version'],
    VARIABLE_UNSUPPORTED_IN_ELEMENT: ['error', 'Variable unsupported in element'],
  },
  principals: {
    MISSING_PRINCIPAL: ['error', 'Missing principal'],
    INVALID_PRINCIPAL_KEY: ['error', 'Invalid principal key'],
    INVALID_PRINCIPAL_FORMAT: ['error', 'Invalid principal format'],
    INVALID_SERVICE_PRINCIPAL_FORMAT: ['error', 'Invalid service principal format'],
    UNSUPPORTED_PRINCIPAL: ['error', 'Unsupported principal'],
    UNSUPPORTED_WILDCARD_IN_PRINCIPAL: ['error', 'Unsupported wildcard in principal'],
    ALLOW_WITH_NOT_PRINCIPAL: ['warning', 'Allow with NotPrincipal'],
    REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: ['info', 'Redundant principal in role trust policy'],
    PUBLIC_ACCESS_WITHOUT_CONDITION: ['warning', 'Public access without a limiting condition', 'trailtight', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html'],
  },
  'policy types': {
    SCP_SYNTAX_ERROR_PRINCIPAL: ['error', 'SCP syntax error principal', 'access-analyzer', SCP_DOCS],
    RCP_SYNTAX_ERROR: ['error', 'RCP syntax error', 'trailtight', RCP_DOCS],
    UNSUPPORTED_RESOURCE_ARN_IN_POLICY: ['error', 'Unsupported resource ARN in policy'],
    ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: ['error', 'Role trust policy syntax error NotPrincipal'],
    ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: ['error', 'Role trust policy syntax error resource'],
    ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: ['error', 'Role trust policy unsupported wildcard in principal'],
    MISMATCHED_ACTION_FOR_PRINCIPAL: ['error', 'Mismatched action for principal'],
    UNSUPPORTED_ACTION_IN_POLICY: ['error', 'Unsupported action in policy'],
    RCP_UNSUPPORTED_SERVICE: ['warning', 'Action of a service RCPs do not apply to', 'trailtight', RCP_DOCS],
  },
  size: {
    POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: ['warning', 'Policy size exceeds identity policy quota'],
    POLICY_SIZE_EXCEEDS_SCP_QUOTA: ['error', 'Policy size exceeds SCP quota'],
    POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: ['warning', 'Policy size exceeds role trust policy quota'],
    POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: ['warning', 'Policy size exceeds resource policy quota'],
    POLICY_SIZE_EXCEEDS_RCP_QUOTA: ['error', 'Policy size exceeds RCP quota', 'trailtight', 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html'],
  },
  security: {
    PASS_ROLE_WITH_STAR_IN_RESOURCE: ['warning', 'Pass role with star in resource'],
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: ['warning', 'Pass role with star in action and resource'],
    PASS_ROLE_WITH_NOT_RESOURCE: ['warning', 'Pass role with NotResource'],
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: ['warning', 'Pass role with star in action and NotResource'],
    PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: ['warning', 'Pass role with star in resource and NotAction'],
    PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: ['warning', 'Pass role with NotAction and NotResource'],
    CREATE_SLR_WITH_STAR_IN_RESOURCE: ['warning', 'Create SLR with star in resource'],
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: ['warning', 'Create SLR with star in action and resource'],
    CREATE_SLR_WITH_NOT_RESOURCE: ['warning', 'Create SLR with NotResource'],
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: ['warning', 'Create SLR with star in action and NotResource'],
    CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: ['warning', 'Create SLR with star in resource and NotAction'],
    CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: ['warning', 'Create SLR with NotAction and NotResource'],
    ALLOW_WITH_NOT_ACTION: ['warning', 'Allow with NotAction', 'parliament', PARLIAMENT_DOCS],
    ALLOW_WITH_NOT_RESOURCE: ['warning', 'Allow with NotResource', 'parliament', PARLIAMENT_DOCS],
    MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: ['warning', 'Missing condition key for OIDC principal'],
    MISSING_GITHUB_REPO_CONDITION_KEY: ['warning', 'Missing GitHub repo condition key'],
    SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED: ['warning', 'Specific GitHub repo and branch recommended'],
  },
  usage: {
    UNUSED_ACTION: ['warning', 'Action never used in the covered history', 'trailtight', USAGE_DOCS],
    UNUSED_WILDCARD: ['warning', 'Wildcard only partly used', 'trailtight', USAGE_DOCS],
    NOT_OBSERVABLE: ['hint', 'Action not observable in the loaded history', 'trailtight', USAGE_DOCS],
    DENIED_IN_TRAIL: ['info', 'Denied in the trail and not granted', 'trailtight', USAGE_DOCS],
    SCP_BLOCKS_OBSERVED: ['warning', 'SCP Deny matches observed calls', 'trailtight', USAGE_DOCS],
  },
};

function docsFor(severity: Severity, title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${AA_DOCS}#access-analyzer-reference-policy-checks-${AA_SECTION[severity]}-${slug}`;
}

/** The one table of finding codes: severity, title, group, origin and docs link. */
export const FINDINGS: ReadonlyMap<string, CodeInfo> = new Map(
  Object.entries(GROUPS).flatMap(([group, rows]) =>
    Object.entries(rows).map(([code, [severity, title, origin = 'access-analyzer', docs]]): [string, CodeInfo] => [
      code,
      { severity, title, group: group as CheckGroup, origin, docs: docs ?? docsFor(severity, title) },
    ]),
  ),
);

/** The table row of a code; throws for a code missing from the table, which is a programming error. */
export function codeInfo(code: string): CodeInfo {
  const info = FINDINGS.get(code);
  if (!info) throw new Error(`Finding code ${code} is not in the findings table`);
  return info;
}
