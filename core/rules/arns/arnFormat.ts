import { matchesWildcard } from '../../catalog/wildcard';
import { setValue } from '../../fixes/edit';
import type { StringValue } from '../../policy/document';
import type { Rule, RuleContext } from '../rule';
import { isAllWildcard, isFlexible, splitArn, type ArnField } from './arn';
import { resourceStrings, spanInside } from './resourceStrings';
import { matchingTemplates, templatesFor, type CompiledTemplate } from './templates';

/** AWS's partitions, as the SDKs' partition tables list them. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];
// us-east-1, us-gov-west-1, us-isob-east-1, eu-isoe-west-1, eusc-de-east-1, ap-southeast-5.
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
// `aws` owns AWS managed policies and a few service-owned resources (arn:aws:iam::aws:policy/...).
const ACCOUNT = /^(\d{12}|aws)$/;

/**
 * The ARN checks of Access Analyzer on Resource and NotResource strings: prefix, partition, service case, Region
 * and account fields, the number of fields, and a resource part that matches no resource type of the service.
 * Wildcards and policy variables are taken to match whatever their field needs.
 */
export const arnFormatRule: Rule = {
  name: 'arnFormat',
  codes: [
    'INVALID_ARN_PREFIX',
    'MISSING_ARN_FIELD',
    'INVALID_PARTITION',
    'INVALID_ARN_SERVICE_CASE',
    'INVALID_ARN_REGION',
    'MISSING_ARN_REGION',
    'ARN_REGION_NOT_ALLOWED',
    'INVALID_ARN_ACCOUNT',
    'ARN_ACCOUNT_NOT_ALLOWED',
    'INVALID_ARN_RESOURCE',
  ],
  check(context) {
    for (const statement of context.document.statements) {
      for (const resource of resourceStrings(statement)) checkArn(context, resource);
    }
  },
  fixes({ document, code, path, data }) {
    if (code !== 'INVALID_ARN_SERVICE_CASE' || typeof data?.arn !== 'string') return [];
    return [{ title: 'Write the service in lower case', edits: setValue(document.text, path, data.arn), preferred: true }];
  },
};

function checkArn(context: RuleContext, resource: StringValue): void {
  const { report, catalog } = context;
  const { value, node } = resource;
  if (isAllWildcard(value) || value.startsWith('${')) return;
  const fields = splitArn(value);
  const at = (field: ArnField) => ({ span: spanInside(resource, field.offset, Math.max(field.text.length, 1)), path: resource.path });
  const [prefix, partition, service, region, account, rest] = fields;
  if (!prefix || !(prefix.text === 'arn' || (isFlexible(prefix.text) && matchesWildcard(asWildcard(prefix.text), 'arn')))) {
    report('INVALID_ARN_PREFIX', node, `"${value}" is neither "*" nor an ARN: resources start with "arn:".`);
    return;
  }
  // A wildcard in the last field may stand for the missing ones (`arn:aws:iam::*`).
  if ((fields.length < 6 && !fields[fields.length - 1]!.text.includes('*')) || service?.text === '') {
    report('MISSING_ARN_FIELD', node, `An ARN has six fields, arn:partition:service:region:account:resource; "${value}" has ${fields.length}.`);
    return;
  }
  let bad = partition !== undefined && !checkPartition(context, partition, at);
  if (!service || !region || !account || !rest) return;
  const lower = service.text.toLowerCase();
  if (lower !== service.text && !service.text.includes('${')) {
    const fixed = value.slice(0, service.offset) + lower + value.slice(service.offset + service.text.length);
    report('INVALID_ARN_SERVICE_CASE', at(service), `Write the service "${service.text}" of the ARN in lower case: "${lower}".`, { arn: fixed });
    bad = true;
  }
  if (isFlexible(lower) || !templatesFor(catalog, lower)) return;
  // Region and account rules follow the resource types the resource part can be; when it can be none, the
  // resource part itself is what is wrong.
  const templates = matchingTemplates(catalog, lower, rest.text);
  if (templates.length === 0) {
    if (!bad) {
      report('INVALID_ARN_RESOURCE', rest.text === '' ? node : at(rest), `"${rest.text}" matches no resource type of ${lower}: see its ARN formats in the Service Authorization Reference.`);
    }
    return;
  }
  if (!checkRegion(context, lower, region, templates, at, node)) checkAccount(context, lower, account, templates, at);
}

type At = (field: ArnField) => Parameters<RuleContext['report']>[1];

function checkPartition({ report }: RuleContext, partition: ArnField, at: At): boolean {
  const text = partition.text;
  const ok = text.includes('${') || (isFlexible(text) ? PARTITIONS.some((p) => matchesWildcard(text, p)) : PARTITIONS.includes(text));
  if (!ok) report('INVALID_PARTITION', at(partition), `"${text}" is not a partition: use one of ${PARTITIONS.join(', ')}.`);
  return ok;
}

function checkRegion({ report }: RuleContext, service: string, region: ArnField, templates: readonly CompiledTemplate[], at: At, node: StringValue['node']): boolean {
  const text = region.text;
  if (text === '') {
    if (!templates.every((t) => t.hasRegion)) return false;
    report('MISSING_ARN_REGION', node, `Add a Region to the ${service} ARN: every ${service} resource type has one (use * for any).`);
    return true;
  }
  if (isFlexible(text)) return false;
  if (!REGION.test(text)) {
    report('INVALID_ARN_REGION', at(region), `"${text}" is not a Region code such as us-east-1.`);
    return true;
  }
  if (templates.every((t) => !t.hasRegion)) {
    report('ARN_REGION_NOT_ALLOWED', at(region), `${service} ARNs have no Region: remove "${text}".`);
    return true;
  }
  return false;
}

function checkAccount({ report }: RuleContext, service: string, account: ArnField, templates: readonly CompiledTemplate[], at: At): boolean {
  const text = account.text;
  if (text === '' || isFlexible(text)) return false;
  if (!ACCOUNT.test(text)) {
    report('INVALID_ARN_ACCOUNT', at(account), `"${text}" is not an account ID: use the 12 digits, or * for any account.`);
    return true;
  }
  if (templates.every((t) => !t.hasAccount)) {
    report('ARN_ACCOUNT_NOT_ALLOWED', at(account), `${service} ARNs have no account ID: remove "${text}".`);
    return true;
  }
  return false;
}

/** A field as a wildcard pattern: policy variables can stand for anything. */
function asWildcard(text: string): string {
  return text.replace(/\$\{[^}]*\}/g, '*');
}

