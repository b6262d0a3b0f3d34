import { beforeAll, describe, expect, it } from 'vitest';
import {
  LAMBDA_MEMORY_MB,
  OUTCOME_GSI_COUNT,
  PER_DEPLOY_LAMBDA_MEMORY_MB,
  TABLE_GSI_COUNT,
} from '../../bin/cost-model.js';
import { SlaFunction } from '../../lib/constructs/sla-function.js';
import { LAMBDA_ENTRIES, type LambdaName } from '../../lib/lambda-entries.js';
import { resourcesOfType, type SynthesizedApp, synthesize } from './synth-fixture.js';

let synth: SynthesizedApp;
beforeAll(() => {
  synth = synthesize();
}, 120_000);

describe('the cost model prices the stack as it is', () => {
  it('with the memory each function is configured with', () => {
    const all = synth.stateless.node.findAll().filter((c): c is SlaFunction => c instanceof SlaFunction);
    const functions = resourcesOfType(synth.statelessTemplate, 'AWS::Lambda::Function');
    for (const [name, entry] of Object.entries(LAMBDA_ENTRIES) as Array<[LambdaName, string]>) {
      const f = all.find((c) => c.entry === entry);
      if (!f) throw new Error(`no function for ${name}`);
      const props = functions[synth.stateless.getLogicalId(f.node.defaultChild as never)]?.Properties as {
        MemorySize: number;
      };
      // Every function is priced per ticket, or named as running per deploy.
      expect(props.MemorySize, name).toBe({ ...LAMBDA_MEMORY_MB, ...PER_DEPLOY_LAMBDA_MEMORY_MB }[name]);
    }
  });

  it('with the GSIs every ticket write is copied to', () => {
    const tables = Object.values(resourcesOfType(synth.statefulTemplate, 'AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(1);
    const gsis = (
      (tables[0] as { Properties: unknown }).Properties as {
        GlobalSecondaryIndexes: Array<{ Projection: unknown }>;
      }
    ).GlobalSecondaryIndexes;
    expect(gsis).toHaveLength(TABLE_GSI_COUNT + OUTCOME_GSI_COUNT);
    for (const gsi of gsis) expect(gsi.Projection).toEqual({ ProjectionType: 'ALL' });
  });
});
