/** The built-in policies (presets), one per seed (two for seed 001), validated through the policy schema. */
import { type PolicySpec, parsePolicySpec } from '../policy-schema.js';
import { enterpriseSupport } from './enterprise-support.js';
import { fenorri } from './fenorri.js';
import { harmoni } from './harmoni.js';
import { interzen } from './interzen.js';
import { managry } from './managry.js';
import { standardSupport } from './standard-support.js';

const PRESETS: readonly PolicySpec[] = [
  fenorri,
  standardSupport,
  enterpriseSupport,
  managry,
  interzen,
  harmoni,
].map((spec) => parsePolicySpec(spec));

export const PRESET_IDS: readonly string[] = PRESETS.map((p) => p.id);

export function listPresets(): readonly PolicySpec[] {
  return PRESETS;
}

export function getPreset(id: string): PolicySpec | undefined {
  return PRESETS.find((p) => p.id === id);
}
