#!/usr/bin/env node
// The CDK app (cdk.json runs it with tsx). Configuration comes from context: see README.md, "Deploying to AWS".
import { App } from 'aws-cdk-lib';
import { buildSlaSentinel } from '../lib/app.js';

const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
buildSlaSentinel(app, account && region ? { account, region } : undefined);
app.synth();
