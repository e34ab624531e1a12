// The Regions offered by the fetch command's picker. Any other Region can be set in `trailtight.fetch.regions`.
import { defaultRegions } from '../../core/trail/awsProfiles';

/** Commercial Regions, in the order the AWS console lists them. */
export const KNOWN_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
  'ap-southeast-5', 'ap-southeast-7', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
  'il-central-1', 'me-south-1', 'me-central-1', 'mx-central-1', 'sa-east-1',
];

/** The Regions a fetch starts with: the configured ones, else the profile's Region and us-east-1. */
export function initialRegions(configured: readonly string[], profileRegion: string | undefined): string[] {
  const chosen = configured.map((r) => r.trim()).filter((r) => r !== '');
  return chosen.length > 0 ? [...new Set(chosen)] : defaultRegions(profileRegion);
}

/** The picker's list: the initial Regions first (pre-selected), then every other known Region. */
export function regionChoices(initial: readonly string[]): { region: string; picked: boolean }[] {
  const rest = KNOWN_REGIONS.filter((r) => !initial.includes(r));
  return [...initial.map((region) => ({ region, picked: true })), ...rest.map((region) => ({ region, picked: false }))];
}
