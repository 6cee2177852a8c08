// Bundles src/main.js with esbuild and copies the static files into the output directory given as
// the only argument. One flat directory: furrow serves it at /console/<name> (src/api/console.cpp).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: node build.mjs OUT_DIR');
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: ['src/main.js'],
  bundle: true,
  format: 'esm',
  target: ['es2020'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  outfile: join(out, 'console.js'),
  logLevel: 'warning',
});

const copies = [
  ['src/index.html', 'index.html'],
  ['src/console.css', 'console.css'],
  ['node_modules/maplibre-gl/dist/maplibre-gl.css', 'maplibre-gl.css'],
  // MapLibre's CSP build loads its worker from this file instead of a blob: URL (src/map/map_view.js).
  ['node_modules/maplibre-gl/dist/maplibre-gl-csp-worker.js', 'maplibre-gl-csp-worker.js'],
  ['node_modules/maplibre-gl/LICENSE.txt', 'maplibre-gl-LICENSE.txt'],
];
for (const [from, to] of copies) copyFileSync(from, join(out, to));
