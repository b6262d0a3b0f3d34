// Global test setup: replaced by the DynamoDB Local harness (started once per run).
export default async function setup(): Promise<void> {}
