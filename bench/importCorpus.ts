// Builds the import benchmark corpus from the real Invictus and OTRF records: a trail layout of .json.gz files
// with varied principals, accounts, regions and times. Written once under bench/.corpus/ (gitignored).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures');
const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const DAY_MS = 86_400_000;

/** What the corpus holds. */
export interface CorpusInfo {
  readonly dir: string;
  readonly files: number;
  readonly records: number;
  readonly bytes: number;
}

function realRecords(): Record<string, unknown>[] {
  const invictus = join(FIXTURES, 'cloudtrail-invictus', 'CloudTrail');
  const records = readdirSync(invictus).flatMap(
    (f) => (JSON.parse(readFileSync(join(invictus, f), 'utf8')) as { Records: Record<string, unknown>[] }).Records,
  );
  const otrf = join(FIXTURES, 'cloudtrail-otrf-s3-exfil', 'ec2_proxy_s3_exfiltration_2020-09-14011940.json');
  for (const line of readFileSync(otrf, 'utf8').split('\n')) if (line.trim()) records.push(JSON.parse(line) as Record<string, unknown>);
  return records;
}

/** Gives a record another principal (one of 200 users and roles), account, region and time. */
function vary(base: Record<string, unknown>, n: number, account: string, region: string, time: number): string {
  const identity = base.userIdentity as Record<string, unknown> | undefined;
  const record: Record<string, unknown> = { ...base, eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'), awsRegion: region, recipientAccountId: account };
  delete record['@timestamp'];
  delete record['@version'];
  if (identity?.type === 'IAMUser') {
    record.userIdentity = { ...identity, accountId: account, arn: `arn:aws:iam::${account}:user/user-${n % 100}` };
  } else if (identity?.type === 'AssumedRole') {
    const context = identity.sessionContext as Record<string, unknown>;
    const issuer = { ...(context.sessionIssuer as Record<string, unknown>), arn: `arn:aws:iam::${account}:role/app/role-${n % 100}` };
    record.userIdentity = { ...identity, accountId: account, sessionContext: { ...context, sessionIssuer: issuer } };
  }
  return JSON.stringify(record);
}

/** Writes the corpus unless it is already there (same size parameters). */
export function buildCorpus(dir: string, files = 240, recordsPerFile = 1800): CorpusInfo {
  const marker = join(dir, `corpus-${files}x${recordsPerFile}.json`);
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as CorpusInfo;
  const base = realRecords();
  const start = Date.parse('2026-08-24T00:00:00Z');
  let records = 0;
  let bytes = 0;
  for (let f = 0; f < files; f++) {
    const account = ACCOUNTS[f % ACCOUNTS.length] ?? '';
    const region = REGIONS[Math.floor(f / ACCOUNTS.length) % REGIONS.length] ?? '';
    const day = new Date(start + Math.floor((f * 90) / files) * DAY_MS);
    const [y, m, d] = day.toISOString().slice(0, 10).split('-');
    const folder = join(dir, 'AWSLogs', account, 'CloudTrail', region, y ?? '', m ?? '', d ?? '');
    mkdirSync(folder, { recursive: true });
    const parts: string[] = [];
    for (let r = 0; r < recordsPerFile; r++) {
      const n = f * recordsPerFile + r;
      const record = base[n % base.length] ?? {};
      parts.push(vary(record, n * 7919, account, region, day.getTime() + ((r * 48_000) % DAY_MS)));
    }
    const text = `{"Records":[${parts.join(',')}]}`;
    bytes += Buffer.byteLength(text);
    records += recordsPerFile;
    const name = `${account}_CloudTrail_${region}_${day.toISOString().slice(0, 10).replace(/-/g, '')}T0000Z_${f}.json.gz`;
    writeFileSync(join(folder, name), gzipSync(text));
  }
  const info: CorpusInfo = { dir, files, records, bytes };
  writeFileSync(marker, JSON.stringify(info));
  return info;
}
