/** How a quota counts a policy: IAM ignores whitespace outside strings, Organizations counts every character, S3 bytes. */
export type SizeMeasure = 'non-whitespace characters' | 'characters' | 'bytes';

/**
 * The size of a policy as AWS counts it against a quota. IAM counts "non-whitespace characters" (its
 * GetAccountSummary quotas say so), which we read as JSON's insignificant whitespace — space, tab, line breaks outside
 * string literals — since whitespace inside a string is part of a value. AWS Organizations counts every character of
 * an SCP or RCP. S3 bounds a bucket policy in bytes. O(n), one pass, no allocation, so it runs on any input.
 */
export function policySize(text: string, measure: SizeMeasure): number {
  if (measure === 'characters') return text.length;
  if (measure === 'bytes') return Buffer.byteLength(text, 'utf8');
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      count++;
      if (c === 0x5c /* \ */) {
        // An escape: the next character is part of the string whatever it is.
        if (i + 1 < text.length) {
          count++;
          i++;
        }
      } else if (c === 0x22 /* " */) {
        inString = false;
      }
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
      count++;
      if (c === 0x22) inString = true;
    }
  }
  return count;
}
