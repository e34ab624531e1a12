import { obj, str, type TrailRecord } from './record';

/** The event source of Amazon S3, the one service whose calls are also aggregated per bucket. */
export const S3_EVENT_SOURCE = 's3.amazonaws.com';

const S3_ARN = /^arn:aws[\w-]*:s3:::([^/]+)/;

/**
 * The bucket an S3 call touched: `requestParameters.bucketName` (management events like GetBucketPolicy and data
 * events like GetObject carry it), else the first `resources[]` entry of type `AWS::S3::Bucket` (`arn:aws:s3:::name`)
 * or `AWS::S3::Object` (`arn:aws:s3:::name/key`, or its `ARNPrefix` for listings). Undefined for calls on no bucket
 * (ListBuckets). Only the bucket's name is returned; object keys are never kept.
 */
export function s3BucketOf(record: TrailRecord): string | undefined {
  const named = str(obj(record.requestParameters)?.bucketName);
  if (named) return named;
  const resources = record.resources;
  if (!Array.isArray(resources)) return undefined;
  for (const resource of resources as unknown[]) {
    const r = obj(resource);
    const type = str(r?.type);
    if (type !== 'AWS::S3::Bucket' && type !== 'AWS::S3::Object') continue;
    const bucket = S3_ARN.exec(str(r?.ARN) ?? str(r?.ARNPrefix) ?? '')?.[1];
    if (bucket) return bucket;
  }
  return undefined;
}

/**
 * The source bucket of a copy (CopyObject, UploadPartCopy): `x-amz-copy-source` is `bucket/key` (URL-encoded,
 * sometimes with a leading slash), where the s3:GetObject that the copy needs was used.
 */
export function s3CopySourceBucket(record: TrailRecord): string | undefined {
  const source = str(obj(record.requestParameters)?.['x-amz-copy-source']);
  if (!source) return undefined;
  let path = source.startsWith('/') ? source.slice(1) : source;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Not valid percent-encoding: bucket names never contain `%`, so the undecoded text still starts with it.
  }
  const bucket = path.slice(0, path.indexOf('/') >= 0 ? path.indexOf('/') : path.length);
  return bucket === '' ? undefined : bucket;
}
