import type { Finding } from '../../core/findings/finding';

/** One validated policy file: its path as shown to the user, its text and findings. */
export interface CheckedFile {
  readonly file: string;
  readonly text: string;
  readonly findings: readonly Finding[];
}
