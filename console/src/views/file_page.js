// One machine file: its status per step with messages, its summary, its downloads (the API's own
// list, GET .../files/{id}/outputs, plus the file object's download* links) and a link to its map.
import { get, OPERATIONS } from '../api.js';
import { formatNumber, formatTime, h, replace } from '../dom.js';

const SUMMARY_SKIP = new Set(['conversionReport', 'originalOperationData', 'machinery', 'reportedTotals']);

function statusTable(status) {
  return h('table', { id: 'file-status' }, h('thead', {}, h('tr', {}, h('th', {}, 'step'), h('th', {}, 'status'), h('th', {}, 'message'))),
    h('tbody', {}, Object.entries(status).map(([step, info]) => h('tr', { dataset: { step, status: info.status } },
      h('td', {}, step), h('td', {}, info.status), h('td', {}, info.message || '')))));
}

function summaryValue(key, value) {
  if (value === null || value === undefined) return '—';
  if (key.endsWith('Time')) return formatTime(value);
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : v)).join(', ');
  if (typeof value === 'object') {
    if ('value' in value && 'unit' in value) return `${formatNumber(value.value)} ${value.unit}`;
    if ('avg' in value) return `avg ${formatNumber(value.avg)} (${formatNumber(value.min)} – ${formatNumber(value.max)}) ${value.unit || ''}`;
    return JSON.stringify(value);
  }
  return String(value);
}

function summaryTable(summary) {
  const props = summary.properties || {};
  const machinery = (props.machinery || []).map((m) => [m.name, m.serialNumber, m.type].filter(Boolean).join(' · '));
  return h('table', { id: 'file-summary' }, h('tbody', {},
    Object.entries(props).filter(([key]) => !SUMMARY_SKIP.has(key)).map(([key, value]) =>
      h('tr', {}, h('th', {}, key), h('td', {}, summaryValue(key, value)))),
    machinery.length ? h('tr', {}, h('th', {}, 'machinery'), h('td', {}, machinery.join('; '))) : null));
}

function downloads(file, outputs) {
  const links = [];
  for (const [key, value] of Object.entries(file)) {
    if (key.startsWith('download') && typeof value === 'string') links.push([key.slice('download'.length), value]);
  }
  for (const output of outputs) links.push([output.name, output.downloadUrl]);
  return h('div.downloads', { id: 'downloads' }, links.map(([label, url]) =>
    h('a.button', { href: url, download: '', dataset: { output: label } }, label)));
}

export async function renderFilePage(view, id) {
  const base = `${OPERATIONS}/files/${id}`;
  replace(view, h('p.muted', {}, 'loading…'));
  const file = await get(base);
  const status = await get(`${base}/status`);
  const [summary, outputs] = await Promise.all([
    get(`${base}/summary`).catch((error) => ({ error })),
    get(`${base}/outputs`).catch(() => []),
  ]);
  replace(view, h('section', { id: 'file-page', dataset: { fileId: id, status: file.status } },
    h('h1', {}, file.fileName || id),
    h('p', {}, `${file.provider || ''} · ${file.fileFormat || ''} · ${file.operationType || ''} · ${file.status}`,
      file.statusMessage ? h('span.error', {}, ` ${file.statusMessage}`) : null),
    file.status === 'processed' ? h('a.button', { href: `#/map/${id}`, id: 'open-map' }, 'Open the map') : null,
    h('h2', {}, 'Steps'), statusTable(status),
    h('h2', {}, 'Summary'), summary.error ? h('p.muted', {}, summary.error.message) : summaryTable(summary),
    h('h2', {}, 'Downloads'), downloads(file, outputs)));
}
