// Placeholder so the CDK app synthesizes; the owning helper replaces this file.
export const handler = async () => {
  throw new Error('not implemented');
};
