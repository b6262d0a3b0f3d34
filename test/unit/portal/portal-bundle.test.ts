/**
 * The portal stays light: the first load (index.html, portal.css, portal.js) is under 100 KB gzipped, built the
 * way `npm start` and the CDK app build it. And the calendar catalogue the admin's week is drawn from names a
 * calendar with windows for every preset.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildPortal } from '../../../portal/build.js';
import { PRESET_IDS } from '../../../shared/sla/presets/index.js';

describe('the portal bundle', () => {
  it('loads under 100 KB gzipped', async () => {
    const files = await buildPortal();
    const firstLoad = ['index.html', 'portal.css', 'portal.js'].map((name) => {
      const file = files.get(name);
      expect(file, name).toBeDefined();
      return gzipSync(file?.body ?? '').length;
    });
    const total = firstLoad.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1_000);
    expect(total).toBeLessThan(100 * 1024);
  });

  it('knows the calendar of every preset', async () => {
    const catalogue = JSON.parse((await buildPortal()).get('calendars.json')?.body ?? '{}') as {
      calendars: Record<string, { windows: unknown[] }>;
      presets: Record<string, { calendar?: string; regions?: Record<string, string> }>;
    };
    for (const id of PRESET_IDS) {
      const preset = catalogue.presets[id];
      const ids = [preset?.calendar, ...Object.values(preset?.regions ?? {})].filter(Boolean) as string[];
      expect(ids.length, id).toBeGreaterThan(0);
      for (const calendar of ids)
        expect(catalogue.calendars[calendar]?.windows.length, calendar).toBeGreaterThan(0);
    }
  });
});
