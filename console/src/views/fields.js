// The leaf user's fields: a table on the API's paging and sorting, a link to draw a new one, and an
// import of boundary files. GeoJSON and KML are read in the browser (map/boundary_files.js): each polygon
// becomes a field through the same POST the API offers. Zips (shapefiles, GeoJSON, KML/KMZ inside) go to the
// server's boundary upload service, whose entries say per file what became of it. Each file's outcome is
// listed (fields created, refusals with the server's reason).
import { authHeaders, FIELDS, get, post, session } from '../api.js';
import { formatNumber, formatTime, h, replace } from '../dom.js';
import { readBoundaryFile } from '../map/boundary_files.js';
import { pagedTable } from './table.js';

const UPLOADS = '/services/uploadservice/api/upload';
const POLL_MS = 1000;

// A zip through the upload service: POST, poll the upload until it is decided, then its entries.
async function uploadZip(file) {
  const form = new FormData();
  form.append('file', file, file.name);
  const query = new URLSearchParams({ leafUserId: session.leafUser.id });
  const response = await fetch(`${UPLOADS}?${query}`, { method: 'POST', headers: authHeaders(), body: form });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || body.title || `HTTP ${response.status}`);
  let upload = body;
  while (upload.status === 'RECEIVED') {
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
    upload = await get(`${UPLOADS}/${upload.id}`);
  }
  const entries = await get(`${UPLOADS}/${upload.id}/entries`);
  const made = entries.reduce((n, entry) => n + (entry.fieldId || []).length, 0);
  const refused = entries.flatMap((entry) => (entry.createFieldErrorDetails || []).map((error) =>
    `${entry.fileName}: ${typeof error === 'string' ? error : error.detail || error.title || JSON.stringify(error)}`));
  if (upload.status === 'FAILED' && !entries.length) refused.push(JSON.stringify(upload.statusDetails || 'the upload failed'));
  return { made, refused, skipped: 0 };
}

// GeoJSON or KML read here, one POST per polygon.
async function importFile(file) {
  const { boundaries, skipped } = await readBoundaryFile(file);
  const refused = [];
  let made = 0;
  for (const boundary of boundaries) {
    try {
      await post(`${FIELDS}/${session.leafUser.id}/fields`, boundary);
      made += 1;
    } catch (error) { refused.push(`${boundary.name}: ${error.message}`); }
  }
  return { made, refused, skipped };
}

function importer(onDone) {
  const results = h('ul.uploads', { id: 'import-results' });
  const input = h('input', {
    type: 'file', id: 'boundary-input', multiple: true, accept: '.geojson,.json,.kml,.zip',
    onchange: async () => {
      for (const file of [...input.files]) {
        const row = h('li.upload', { dataset: { file: file.name, state: 'reading' } }, file.name);
        results.append(row);
        try {
          const { made, refused, skipped } = await (file.name.toLowerCase().endsWith('.zip') ? uploadZip(file) : importFile(file));
          row.dataset.state = 'done';
          row.dataset.created = made;
          replace(row, h('strong', {}, file.name), ` · ${made} field${made === 1 ? '' : 's'} created`,
            skipped ? ` · ${skipped} feature${skipped === 1 ? '' : 's'} without a polygon skipped` : '',
            refused.map((reason) => h('div.error', {}, reason)));
        } catch (error) {
          row.dataset.state = 'failed';
          replace(row, h('strong', {}, file.name), h('div.error', {}, error.message));
        }
      }
      input.value = '';
      onDone();
    },
  });
  return h('div', {}, h('label', {}, 'Import boundaries (GeoJSON, KML, or a zip of shapefiles, GeoJSON, KML/KMZ): ', input), results);
}

export function renderFields(view) {
  const table = () => pagedTable({
    name: 'fields', title: 'Fields', path: `${FIELDS}/${session.leafUser.id}/fields`,
    fixed: {}, defaultSort: 'createdTime,desc', filters: ['type', 'farmId'],
    columns: [
      { label: 'name', sort: 'name', value: (f) => h('a', { href: `#/field/${encodeURIComponent(f.id)}`, dataset: { fieldId: f.id } }, f.name || f.id) },
      { label: 'area', value: (f) => (f.area ? `${formatNumber(f.area.value)} ${f.area.unit}` : '—') },
      { label: 'type', sort: 'type', value: (f) => f.type },
      { label: 'created', sort: 'createdTime', value: (f) => formatTime(f.createdTime) },
      { label: 'updated', sort: 'updatedTime', value: (f) => formatTime(f.updatedTime) },
    ],
  });
  const holder = h('div', {}, table());
  replace(view, h('section', { id: 'fields-page' },
    h('p', {}, h('a.button', { href: '#/field/new', id: 'new-field' }, 'Draw a new field')),
    importer(() => replace(holder, table())),
    holder));
}
