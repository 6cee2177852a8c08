// One field: its boundary on a map, drawn or edited in place (map/polygon_editor.js), its name, saved
// through the fields API (POST for a new field, PATCH with a new geometry for an existing one), and the
// field operations the server matched to it (the operations list filtered by fieldId). For orientation
// the map also shows the user's other fields (dotted) and the coverage outlines of recent machine files.
// `id` 'new' starts an empty field in drawing mode.
import maplibregl from 'maplibre-gl/dist/maplibre-gl-csp.js';
import { FIELDS, get, getPage, OPERATIONS, request, session } from '../api.js';
import { formatNumber, formatTime, h, replace } from '../dom.js';
import { baseStyle } from '../map/base_style.js';
import { areaHectares, PolygonEditor, polygonsOf } from '../map/polygon_editor.js';
import { pagedTable } from './table.js';

const CONTEXT_FILES = 20;

function operationsOfField(fieldId) {
  return pagedTable({
    name: 'field-operations', title: 'Field operations in this field', path: `${OPERATIONS}/operations`,
    fixed: { leafUserId: session.leafUser.id, fieldId }, defaultSort: 'startTime,desc', filters: ['operationType'],
    columns: [
      { label: 'operation', value: (o) => h('a', { href: `#/operation-map/${o.id}`, dataset: { operationId: o.id } }, `${o.id.slice(0, 8)} map`) },
      { label: 'type', sort: 'type', value: (o) => o.type },
      { label: 'status', value: (o) => o.status },
      { label: 'start', sort: 'startTime', value: (o) => formatTime(o.startTime) },
      { label: 'files', value: (o) => (o.files || []).map((f) => h('a', { href: `#/file/${f}` }, `${f.slice(0, 8)} `)) },
    ],
  });
}

// Features for orientation: the user's other fields and the coverage of recent processed files.
async function contextFeatures(userId, fieldId) {
  const [fields, files] = await Promise.all([
    getPage(`${FIELDS}/${userId}/fields`, { size: 100 }).catch(() => ({ items: [] })),
    getPage(`${OPERATIONS}/files`, { leafUserId: userId, status: 'processed', size: CONTEXT_FILES, sort: 'createdTime,desc' })
      .catch(() => ({ items: [] })),
  ]);
  const summaries = await Promise.all(files.items.map((f) => get(`${OPERATIONS}/files/${f.id}/summary`).catch(() => null)));
  const features = [];
  for (const f of fields.items) {
    if (f.id !== fieldId && f.geometry) features.push({ type: 'Feature', geometry: f.geometry, properties: { kind: 'field', name: f.name || f.id } });
  }
  for (const s of summaries) {
    if (s && s.geometry) features.push({ type: 'Feature', geometry: s.geometry, properties: { kind: 'coverage' } });
  }
  return features;
}

function boundsOf(geometries) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]); b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
    } else c.forEach(walk);
  };
  geometries.forEach((g) => walk(g.coordinates));
  return Number.isFinite(b[0]) ? [[b[0], b[1]], [b[2], b[3]]] : null;
}

export async function renderFieldPage(view, id, settings) {
  const userId = session.leafUser.id;
  const isNew = id === 'new';
  // A render that outlives its page (the user or a save moved on while a request or the map was loading)
  // must not draw over the next page.
  const shownHash = location.hash;
  const movedOn = () => location.hash !== shownHash;
  const field = isNew ? null : await get(`${FIELDS}/${userId}/fields/${encodeURIComponent(id)}`);
  if (movedOn()) return;
  const name = h('input', { id: 'field-name', value: field ? field.name || '' : '', placeholder: 'field name', size: 30 });
  const area = h('span', { id: 'field-area' });
  const message = h('p.error', { id: 'field-error' });
  const container = h('div.map', { id: 'field-map', dataset: { fieldId: isNew ? '' : id } });
  let geometryChanged = false;
  let deleteArmed = false;

  const save = h('button', { id: 'save-field', onclick: () => saveField() }, isNew ? 'Create field' : 'Save');
  const draw = h('button', { id: 'draw', onclick: () => editor.startDrawing() }, 'Draw a polygon');
  const finish = h('button', { id: 'finish', onclick: () => editor.finishDrawing() }, 'Finish polygon');
  const clear = h('button', { id: 'clear', onclick: () => editor.clear() }, 'Clear');
  const remove = isNew ? null : h('button', { id: 'delete-field', onclick: () => deleteField() }, 'Delete field');
  replace(view, h('section', { id: 'field-page', dataset: { fieldId: isNew ? '' : id } },
    h('h1', {}, isNew ? 'New field' : field.name || id),
    h('div.field-layout', {},
      h('div.field-panel', {},
        h('label', {}, 'Name ', name), h('p', {}, 'Area ', area),
        h('div.toolbar', {}, draw, finish, clear), h('div.toolbar', {}, save, remove), message,
        h('p.muted', {}, 'Drag a vertex to move it, drag an edge\'s middle dot to add one, double-click a vertex to remove it. '
          + 'While drawing, click to add vertices; click the first one or "Finish polygon" to close the ring.'),
        h('p.muted', {}, h('span.line.coverage'), 'coverage of recent machine files', h('br'),
          h('span.line.other-field'), 'other fields')),
      container),
    isNew ? null : operationsOfField(id)));
  if (field && field.area) {
    area.dataset.hectares = field.area.value;
    area.textContent = `${formatNumber(field.area.value, 3)} ${field.area.unit}`;
  }

  const map = new maplibregl.Map({ container, style: baseStyle(settings.basemapUrl), center: [0, 0], zoom: 1,
    preserveDrawingBuffer: true, attributionControl: false, doubleClickZoom: true });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }));
  window.furrowMap = map;
  await new Promise((resolve) => map.on('load', resolve));
  const context = await contextFeatures(userId, isNew ? null : id);
  if (movedOn()) { map.remove(); return; }
  map.addSource('context', { type: 'geojson', data: { type: 'FeatureCollection', features: context } });
  map.addLayer({ id: 'context-coverage', type: 'line', source: 'context', filter: ['==', ['get', 'kind'], 'coverage'],
    paint: { 'line-color': '#1f3b73', 'line-width': 1.5 } });
  map.addLayer({ id: 'context-fields', type: 'line', source: 'context', filter: ['==', ['get', 'kind'], 'field'],
    paint: { 'line-color': '#555', 'line-width': 1, 'line-dasharray': [1, 2] } });

  const editor = new PolygonEditor(map, polygonsOf(field && field.geometry), (changed) => {
    geometryChanged = true;
    showArea(changed);
  });
  const showArea = (ed) => {
    const hectares = areaHectares(ed.polygons);
    area.dataset.hectares = hectares;
    area.textContent = ed.polygons.length ? `≈ ${formatNumber(hectares, 3)} ha (while editing)` : '—';
  };
  if (!field) showArea(editor);
  container.dataset.vertices = editor.vertexCount();

  const bounds = boundsOf(field && field.geometry ? [field.geometry] : context.map((f) => f.geometry));
  if (bounds) map.fitBounds(bounds, { padding: 60, duration: 0 });
  if (isNew) editor.startDrawing();
  container.dataset.ready = 'true';

  async function saveField() {
    message.textContent = '';
    if (editor.draft) editor.finishDrawing();
    const geometry = editor.geometry();
    try {
      if (isNew) {
        if (!geometry) throw new Error('draw the boundary first: at least one polygon of three vertices');
        const body = { geometry };
        if (name.value.trim()) body.name = name.value.trim();
        const made = await request('POST', `${FIELDS}/${userId}/fields`, body);
        location.hash = `#/field/${encodeURIComponent(made.id)}`;
        return;
      }
      const body = { name: name.value.trim() || null };
      if (geometryChanged) {
        if (!geometry) throw new Error('a field keeps a boundary: draw one before saving, or delete the field');
        body.geometry = geometry;
      }
      await request('PATCH', `${FIELDS}/${userId}/fields/${encodeURIComponent(id)}`, body);
      map.remove();
      await renderFieldPage(view, id, settings);
    } catch (error) { message.textContent = error.message; }
  }

  async function deleteField() {
    if (!deleteArmed) {
      deleteArmed = true;
      remove.textContent = 'Click again to delete';
      return;
    }
    try {
      await request('DELETE', `${FIELDS}/${userId}/fields/${encodeURIComponent(id)}`);
      location.hash = '#/fields';
    } catch (error) { message.textContent = error.message; }
  }
}
