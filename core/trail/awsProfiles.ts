import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Credentials } from './awsClients';

/** Global services (IAM, STS's global endpoint, CloudFront, ...) record their events in us-east-1. */
export const GLOBAL_EVENTS_REGION = 'us-east-1';

/** The environment variables the shared AWS files honour; injected so tests use their own files. */
export type AwsEnv = Readonly<Record<string, string | undefined>>;

/** A named profile's settings from the shared config and credentials files. */
export type ProfileSettings = Readonly<Record<string, string>>;

function configFile(env: AwsEnv): string {
  return env.AWS_CONFIG_FILE ?? join(env.HOME ?? homedir(), '.aws', 'config');
}

function credentialsFile(env: AwsEnv): string {
  return env.AWS_SHARED_CREDENTIALS_FILE ?? join(env.HOME ?? homedir(), '.aws', 'credentials');
}

/** INI sections and their keys; `[profile x]` in the config file is the profile x, other prefixed sections are skipped. */
function parseIni(text: string, isConfig: boolean): Map<string, Record<string, string>> {
  const profiles = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (section) {
      const name = profileName(section[1] ?? '', isConfig);
      current = name === undefined ? undefined : (profiles.get(name) ?? {});
      if (name !== undefined && current) profiles.set(name, current);
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (current && pair?.[1]) current[pair[1].toLowerCase()] = pair[2] ?? '';
  }
  return profiles;
}

function profileName(section: string, isConfig: boolean): string | undefined {
  if (!isConfig || section === 'default') return section;
  const named = /^profile\s+(.+)$/.exec(section);
  return named?.[1];
}

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Every profile of the shared config and credentials files, merged (config wins), by name. */
export async function readProfiles(env: AwsEnv = process.env): Promise<Map<string, ProfileSettings>> {
  const credentials = parseIni(await readOptional(credentialsFile(env)), false);
  const config = parseIni(await readOptional(configFile(env)), true);
  const merged = new Map<string, ProfileSettings>();
  for (const [name, settings] of [...credentials, ...config]) merged.set(name, { ...merged.get(name), ...settings });
  return merged;
}

/** Profile names for a picker, sorted, `default` first. */
export async function listProfiles(env: AwsEnv = process.env): Promise<string[]> {
  const names = [...(await readProfiles(env)).keys()];
  return names.sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
}

/** The Region the SDK would use for a profile: AWS_REGION, else the profile's `region`. */
export async function profileRegion(profile: string | undefined, env: AwsEnv = process.env): Promise<string | undefined> {
  const fromEnv = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const name = profile ?? env.AWS_PROFILE ?? 'default';
  return (await readProfiles(env)).get(name)?.region;
}

/** The Regions fetched when none are given: the profile's Region and us-east-1, where global services log. */
export function defaultRegions(region: string | undefined): string[] {
  return [...new Set([region ?? GLOBAL_EVENTS_REGION, GLOBAL_EVENTS_REGION])];
}

/** Credentials of a named profile (keys, SSO, role, process) or, without one, the SDK's standard chain. */
export function credentialsFor(profile: string | undefined, env: AwsEnv = process.env): Credentials {
  const files = { filepath: credentialsFile(env), configFilepath: configFile(env) };
  return profile ? fromIni({ profile, ...files }) : fromNodeProviderChain(files);
}

/** A message for people for an error from credentials, STS or CloudTrail: what went wrong and what to do. */
export function explainAwsError(error: unknown, profile: string | undefined): string {
  const e = error as { name?: string; message?: string };
  const message = e.message ?? String(error);
  const login = `aws sso login${profile ? ` --profile ${profile}` : ''}`;
  if (/SSO session|Token is expired|SSO.*token/i.test(message)) {
    return `The AWS SSO session${profile ? ` of profile ${profile}` : ''} has expired or was never started: run \`${login}\`, then try again.`;
  }
  if (/Could not resolve credentials using profile/.test(message)) {
    return `The AWS profile ${profile ?? '(default)'} is not in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE): check its name, or create it with \`aws configure --profile ${profile ?? 'NAME'}\` or \`aws configure sso\`.`;
  }
  if (/Could not load credentials from any providers/.test(message)) {
    return 'No AWS credentials were found: configure them with `aws configure` (access keys) or `aws configure sso` (IAM Identity Center), set AWS_PROFILE, or pass --profile NAME.';
  }
  if (e.name === 'ExpiredToken' || e.name === 'ExpiredTokenException') {
    return `The AWS credentials have expired: refresh them (for an SSO profile, \`${login}\`) and try again.`;
  }
  if (e.name === 'InvalidClientTokenId' || e.name === 'UnrecognizedClientException' || e.name === 'SignatureDoesNotMatch') {
    return `AWS rejected the credentials (${e.name}): check the access key and secret${profile ? ` of profile ${profile}` : ''}.`;
  }
  if (e.name === 'AccessDeniedException' || e.name === 'AccessDenied') {
    return `These credentials may not call cloudtrail:LookupEvents: grant it (for example with the AWSCloudTrail_ReadOnlyAccess managed policy). AWS said: ${message}`;
  }
  return message;
}
