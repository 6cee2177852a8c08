// The leaf user's fields: a table on the API's paging and sorting, a link to draw a new one, and an
// import of boundary files (GeoJSON, KML; map/boundary_files.js): each polygon becomes a field through
// the same POST the API offers, and each file's outcome is listed (created, refused with the server's reason).
import { FIELDS, post, session } from '../api.js';
import { formatNumber, formatTime, h, replace } from '../dom.js';
import { readBoundaryFile } from '../map/boundary_files.js';
import { pagedTable } from './table.js';

function importer(onDone) {
  const results = h('ul.uploads', { id: 'import-results' });
  const input = h('input', {
    type: 'file', id: 'boundary-input', multiple: true, accept: '.geojson,.json,.kml',
    onchange: async () => {
      for (const file of [...input.files]) {
        const row = h('li.upload', { dataset: { file: file.name, state: 'reading' } }, file.name);
        results.append(row);
        try {
          const { boundaries, skipped } = await readBoundaryFile(file);
          const made = [];
          const refused = [];
          for (const boundary of boundaries) {
            try {
              made.push(await post(`${FIELDS}/${session.leafUser.id}/fields`, boundary));
            } catch (error) { refused.push(`${boundary.name}: ${error.message}`); }
          }
          row.dataset.state = 'done';
          row.dataset.created = made.length;
          replace(row, h('strong', {}, file.name), ` · ${made.length} field${made.length === 1 ? '' : 's'} created`,
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
  return h('div', {}, h('label', {}, 'Import boundaries (GeoJSON or KML): ', input), results);
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
