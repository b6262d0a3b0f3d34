// `npm run holidays:build`: rebuilds shared/sla/holiday-tables/ (one JSON file a country + index.json) from the
// date-holidays version package-lock pins. Run it after bumping date-holidays or the span; a test fails while the
// committed tables are stale. Takes a few minutes: the library evaluates every region's every year.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildCountryTable,
  buildIndex,
  countryTableText,
  HOLIDAY_TABLE_SPAN,
  holidayCatalogue,
  indexText,
} from './holiday-table-builder.js';

const dir = fileURLToPath(new URL('../shared/sla/holiday-tables/', import.meta.url));
mkdirSync(dir, { recursive: true });
const catalogue = holidayCatalogue();
const index = buildIndex(catalogue);
const wanted = new Set(['index.json', ...Object.keys(catalogue).map((c) => `${c}.json`)]);
for (const file of readdirSync(dir)) if (!wanted.has(file)) rmSync(`${dir}${file}`);

const started = performance.now();
let bytes = 0;
for (const [country, regions] of Object.entries(catalogue)) {
  const text = countryTableText(buildCountryTable(country, regions));
  writeFileSync(`${dir}${country}.json`, text);
  bytes += text.length;
  process.stdout.write(`${country} `);
}
const text = indexText(index);
writeFileSync(`${dir}index.json`, text);
bytes += text.length;
console.log(
  `\n${Object.keys(catalogue).length} countries, ${HOLIDAY_TABLE_SPAN.first}-${HOLIDAY_TABLE_SPAN.last}, ` +
    `date-holidays ${index.dateHolidays}: ${(bytes / 1024).toFixed(0)} KiB in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
