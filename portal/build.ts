/**
 * Builds the portal's static files in memory: `index.html`, `portal.css`, `portal.js` (esbuild: one minified ES
 * module, no framework) and `calendars.json` (the built-in calendars' weekly windows and which calendar each
 * preset uses, for the admin's week drawing: generated from the engine so it cannot drift). `config.json`
 * is the host's: the local runtime answers it, the CDK stack deploys one naming the API and Cognito.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, buildSync } from 'esbuild';
import { listCalendarSpecs } from '../shared/sla/calendars.js';
import { listPresets } from '../shared/sla/presets/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface PortalFile {
  body: string;
  contentType: string;
}

export type PortalFiles = Map<string, PortalFile>;

export function calendarCatalogue(): unknown {
  const calendars: Record<string, { windows: unknown[] }> = {};
  for (const c of listCalendarSpecs()) calendars[c.id] = { windows: c.spec.windows };
  const presets: Record<string, { calendar?: string; regions?: Record<string, string> }> = {};
  for (const p of listPresets()) {
    const regions = Object.fromEntries(
      Object.entries(p.regions ?? {}).map(([name, r]) => [name, (r as { calendar?: string }).calendar ?? '']),
    );
    presets[p.id] = { ...(p.calendar ? { calendar: p.calendar } : {}), regions };
  }
  return { calendars, presets };
}

const BUNDLE: BuildOptions & { write: false } = {
  entryPoints: [join(HERE, 'src', 'main.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  write: false,
  legalComments: 'none',
};

function files(js: string): PortalFiles {
  return new Map<string, PortalFile>([
    [
      'index.html',
      { body: readFileSync(join(HERE, 'index.html'), 'utf8'), contentType: 'text/html; charset=utf-8' },
    ],
    [
      'portal.css',
      { body: readFileSync(join(HERE, 'portal.css'), 'utf8'), contentType: 'text/css; charset=utf-8' },
    ],
    ['portal.js', { body: js, contentType: 'text/javascript; charset=utf-8' }],
    ['calendars.json', { body: JSON.stringify(calendarCatalogue()), contentType: 'application/json' }],
  ]);
}

/** For the local runtime (does not block its event loop). */
export async function buildPortal(): Promise<PortalFiles> {
  const result = await build(BUNDLE);
  return files(result.outputFiles[0]?.text ?? '');
}

/** For the CDK app, whose synthesis is synchronous. */
export function buildPortalSync(): PortalFiles {
  return files(buildSync(BUNDLE).outputFiles[0]?.text ?? '');
}
