// A machine file's or a field operation's points on a map, coloured by a chosen standard property with the legend's classes
// (map/classes.js), the summary's coverage outline, a scale bar, and a click showing one point's
// properties with the file's units. The map element carries data-rendered-points (points drawn in the
// last frame) and data-point-count (points received), for the browser test and for people.
import maplibregl from 'maplibre-gl/dist/maplibre-gl-csp.js';
import { FIELDS, get, getBinary, OPERATIONS, pathOf } from '../api.js';
import { formatNumber, h, replace } from '../dom.js';
import { baseStyle } from '../map/base_style.js';
import { classOf, computedRanges, parseColor } from '../map/classes.js';
import { decodePoints, mercatorX, mercatorY, toMercator } from '../map/points.js';
import { PointsLayer } from '../map/points_layer.js';

maplibregl.setWorkerUrl('/console/maplibre-gl-csp-worker.js');

const NO_VALUE = [128, 128, 128, 160];
const POINT_DIAMETER_M = 4;
const CLICK_PIXELS = 8;

function colorsFor(values, ranges) {
  const rgb = ranges.map((range) => parseColor(range.colorCode));
  const colors = new Uint8Array(values.length * 4);
  for (let i = 0; i < values.length; i += 1) {
    const color = Number.isFinite(values[i]) && rgb.length ? [...rgb[classOf(ranges, values[i])], 255] : NO_VALUE;
    colors.set(color, 4 * i);
  }
  return colors;
}

function legend(property, unit, ranges, source) {
  return h('div.legend', { id: 'legend', dataset: { property, source } },
    h('strong', {}, `${property}${unit ? ` (${unit})` : ''}`),
    h('ul', {}, ranges.map((range) => h('li', { dataset: { min: String(range.min), max: String(range.max) } },
      h('span.swatch', { style: { background: range.colorCode } }),
      `${formatNumber(range.min)} – ${formatNumber(range.max)}`))),
    h('small.muted', {}, source === 'imagesV2' ? 'classes of the imagesV2 legend' : 'quantile classes computed in the browser (no imagesV2 image)'));
}

// The boundaries of the fields the file or operation was matched to (its `fields`), dashed.
async function addFields(map, item) {
  // A file names its fields by id, an operation as {id, coverage}.
  const ids = (item.fields || []).map((field) => (typeof field === 'string' ? field : field.id));
  const fields = await Promise.all(ids.map((fieldId) =>
    get(`${FIELDS}/${item.leafUserId}/fields/${encodeURIComponent(fieldId)}`).catch(() => null)));
  const features = fields.filter((f) => f && f.geometry).map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { name: f.name || f.id } }));
  if (!features.length) return 0;
  map.addSource('fields', { type: 'geojson', data: { type: 'FeatureCollection', features } });
  map.addLayer({ id: 'fields', type: 'line', source: 'fields', paint: { 'line-color': '#111', 'line-width': 2, 'line-dasharray': [3, 2] } });
  return features.length;
}

// The file's points outside every field, when the configuration keeps them (outsideFieldGeojson answers
// 409 or 404 otherwise: nothing to draw).
async function addOutsidePoints(map, base) {
  let geojson;
  try {
    const answer = await get(`${base}/outsideFieldGeojson`);
    geojson = await get(pathOf(answer.outsideFieldGeojson));
  } catch { return 0; }
  map.addSource('outside', { type: 'geojson', data: geojson });
  map.addLayer({ id: 'outside', type: 'circle', source: 'outside',
    paint: { 'circle-radius': 3, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#111', 'circle-stroke-width': 1 } });
  return geojson.features.length;
}

function pointPopup(point, units) {
  return h('table.point', {}, h('tbody', {},
    h('tr', {}, h('th', {}, 'time'), h('td', {}, point.timestamp)),
    h('tr', {}, h('th', {}, 'position'), h('td', {}, `${point.longitude.toFixed(7)}, ${point.latitude.toFixed(7)}`)),
    Object.entries(point.properties).map(([key, value]) =>
      h('tr', {}, h('th', {}, key), h('td', {}, `${formatNumber(value, 4)} ${value === null ? '' : units[key] || ''}`)))));
}

// kind: 'file' or 'operation' (an operation's points, units, summary and images are its result file's).
export async function renderMapPage(view, kind, id, settings) {
  const base = `${OPERATIONS}/${kind === 'operation' ? 'operations' : 'files'}/${id}`;
  const [item, units, summary, images] = await Promise.all([
    get(base), get(`${base}/units`), get(`${base}/summary`), get(`${base}/imagesV2`).catch(() => []),
  ]);
  const properties = Object.keys(units);
  const imaged = new Map(images.map((image) => [image.property, image.legend.ranges]));
  const select = h('select', { id: 'property' }, properties.map((key) => h('option', { value: key }, `${key} (${units[key]})`)));
  // The summary's cleaning property (the file's main measure, e.g. yield) first, when it is there.
  const main = summary.properties?.cleaning?.property;
  select.value = properties.includes(main) ? main : (images.length ? images[0].property : properties[0]);
  const container = h('div.map', { id: 'map', dataset: { item: `${kind}/${id}` } });
  const legendBox = h('div.legend-box');
  const message = h('p.error');
  replace(view, h('section.map-page', { dataset: { fileId: id } },
    h('h1', {}, kind === 'operation' ? `${item.type} operation ${id.slice(0, 8)}` : h('a', { href: `#/file/${id}` }, item.fileName || id), ' · map'),
    h('label', {}, 'Colour by ', select), message,
    h('div.map-wrap', {}, container, legendBox)));

  const map = new maplibregl.Map({
    container, style: baseStyle(settings.basemapUrl), center: [0, 0], zoom: 1,
    preserveDrawingBuffer: true, attributionControl: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }));
  window.furrowMap = map;
  await new Promise((resolve) => map.on('load', resolve));

  if (summary.geometry) {
    map.addSource('coverage', { type: 'geojson', data: { type: 'Feature', geometry: summary.geometry, properties: {} } });
    map.addLayer({ id: 'coverage', type: 'line', source: 'coverage', paint: { 'line-color': '#1f3b73', 'line-width': 2 } });
  }

  const fieldCount = await addFields(map, item);
  const outsideCount = kind === 'file' ? await addOutsidePoints(map, base) : 0;
  container.dataset.fields = fieldCount;
  container.dataset.outsidePoints = outsideCount;
  const overlays = h('ul.overlays', {},
    summary.geometry ? h('li', {}, h('span.line.coverage'), 'coverage outline') : null,
    fieldCount ? h('li', {}, h('span.line.field'), `field boundary (${fieldCount})`) : null,
    outsideCount ? h('li', {}, h('span.ring'), `outside-field points (${formatNumber(outsideCount, 0)})`) : null);

  let layer = null;
  const show = async (property) => {
    message.textContent = '';
    let points;
    try {
      points = decodePoints(await getBinary(`${base}/points?property=${encodeURIComponent(property)}`));
    } catch (error) { message.textContent = error.message; return; }
    const [ranges, source] = imaged.has(property) ? [imaged.get(property), 'imagesV2'] : [computedRanges(points.values), 'browser'];
    const colors = colorsFor(points.values, ranges);
    replace(legendBox, legend(property, units[property], ranges, source), overlays);
    container.dataset.pointCount = points.count;
    container.dataset.property = property;
    if (layer) { layer.setColors(colors); return; }
    const mercator = toMercator(points);
    layer = new PointsLayer('points', mercator, colors, POINT_DIAMETER_M, (mercator.bounds[1] + mercator.bounds[3]) / 2);
    layer.onRender = (count) => { container.dataset.renderedPoints = count; };
    map.addLayer(layer);
    if (points.count) map.fitBounds([[mercator.bounds[0], mercator.bounds[1]], [mercator.bounds[2], mercator.bounds[3]]], { padding: 30, duration: 0 });
  };
  select.addEventListener('change', () => show(select.value));
  await show(select.value);

  const popup = new maplibregl.Popup({ maxWidth: '360px' });
  map.on('click', async (event) => {
    if (!layer) return;
    const index = layer.nearest(event.lngLat, mercatorX, mercatorY, CLICK_PIXELS);
    if (index < 0) { popup.remove(); return; }
    try {
      const point = await get(`${base}/points/${index}`);
      popup.setLngLat([point.longitude, point.latitude]).setDOMContent(pointPopup(point, units)).addTo(map);
    } catch (error) { message.textContent = error.message; }
  });
}
