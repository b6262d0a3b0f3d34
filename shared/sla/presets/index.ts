/** The built-in policies (presets), one per seed (two for seed 001), validated through the policy schema. */
import { type PolicySpec, parsePolicySpec } from '../policy-schema.js';
import { enterpriseSupport } from './enterprise-support.js';
import { fenorri } from './fenorri.js';
import { harmoni } from './harmoni.js';
import { interzen } from './interzen.js';
import { managry } from './managry.js';
import { standardSupport } from './standard-support.js';

const SOURCES = [fenorri, standardSupport, enterpriseSupport, managry, interzen, harmoni] as const;

export const PRESET_IDS: readonly string[] = SOURCES.map((spec) => spec.id);

// Each preset is validated the first time it is asked for, not at import: a Lambda's cold start would
// otherwise run the policy schema over all six (several ms of CPU) when a tenant uses one. The unit tests
// parse every preset, so a broken one still fails the build, not a request.
const parsed = new Map<string, PolicySpec>();

export function getPreset(id: string): PolicySpec | undefined {
  const cached = parsed.get(id);
  if (cached) return cached;
  const source = SOURCES.find((spec) => spec.id === id);
  if (!source) return undefined;
  const spec = parsePolicySpec(source);
  parsed.set(id, spec);
  return spec;
}

export function listPresets(): readonly PolicySpec[] {
  return PRESET_IDS.map((id) => getPreset(id) as PolicySpec);
}
