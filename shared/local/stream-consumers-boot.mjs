// The stream-consumers worker's entry: the worker thread does not inherit `--import tsx` (nor vitest's
// transform), so it registers tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./stream-consumers-worker.ts');
