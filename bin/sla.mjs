#!/usr/bin/env node
// `npx sla ...`: runs the TypeScript CLI through tsx, so it computes with the very code the Lambdas bundle.
import { tsImport } from 'tsx/esm/api';

await tsImport('./sla-cli.ts', import.meta.url);
