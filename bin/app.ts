#!/usr/bin/env node
// The CDK app (cdk.json runs it with tsx). Configuration comes from context: see README.md, "Deploying to AWS".
import { App } from 'aws-cdk-lib';
import { buildSlaSentinel } from '../lib/app.js';
import { InvalidConfigError } from '../lib/config.js';

const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
try {
  buildSlaSentinel(app, account && region ? { account, region } : undefined);
} catch (error) {
  // A configuration mistake is the operator's to fix: say which key and why, without a stack trace.
  if (!(error instanceof InvalidConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
app.synth();
