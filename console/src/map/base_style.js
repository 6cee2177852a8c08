// The map style every console map starts from: a plain background (no tile server needed) and, when
// the configuration names one (FURROW_CONSOLE_BASEMAP_URL, docs/CONSOLE.md), a raster basemap.
export const BACKGROUND_COLOR = '#f3f1ea';

export function baseStyle(basemapUrl) {
  const style = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }],
  };
  if (basemapUrl) {
    style.sources.basemap = { type: 'raster', tiles: [basemapUrl], tileSize: 256 };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  return style;
}
