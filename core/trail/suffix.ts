/**
 * API version suffixes that some services append to event names. Both are anchored and need a full date, so real
 * action names ending in digits or `V2` (`kafka:CreateClusterV2`, `datasync:CreateLocationS3`) are never touched.
 */
const LAMBDA_STYLE = /20\d{6}(v\d+)?$/;
const CLOUDFRONT_STYLE = /\d{4}_\d{2}_\d{2}$/;

/** `ListFunctions20150331` -> `ListFunctions`, `GetFunction20150331v2` -> `GetFunction`, `CreateDistribution2020_05_31` -> `CreateDistribution`. */
export function stripVersionSuffix(eventName: string): string {
  const stripped = eventName.replace(LAMBDA_STYLE, '').replace(CLOUDFRONT_STYLE, '');
  return stripped.length > 0 ? stripped : eventName;
}
