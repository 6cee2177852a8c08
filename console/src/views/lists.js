// The three lists of a leaf user: batches, machine files and field operations.
import { OPERATIONS, session } from '../api.js';
import { formatBytes, formatTime, h } from '../dom.js';
import { pagedTable } from './table.js';

const fileLink = (id) => h('a', { href: `#/file/${id}` }, id.slice(0, 8));

export function batchesTable() {
  return pagedTable({
    name: 'batches', title: 'Batches', path: `${OPERATIONS}/batch`,
    fixed: { leafUserId: session.leafUser.id }, defaultSort: 'uploadTimestamp,desc',
    filters: ['status', 'uploadStartTime', 'uploadEndTime'],
    columns: [
      { label: 'uploaded', sort: 'uploadTimestamp', value: (b) => formatTime(b.uploadTimestamp) },
      { label: 'file name', sort: 'fileName', value: (b) => b.fileName },
      { label: 'size', sort: 'size', value: (b) => formatBytes(b.size) },
      { label: 'provider', sort: 'provider', value: (b) => b.provider },
      { label: 'status', sort: 'status', value: (b) => b.status },
      { label: 'files', value: (b) => (b.leafFiles || []).map(fileLink) },
    ],
  });
}

export function filesTable() {
  return pagedTable({
    name: 'files', title: 'Machine files', path: `${OPERATIONS}/files`,
    fixed: { leafUserId: session.leafUser.id }, defaultSort: 'createdTime,desc',
    filters: ['status', 'operationType', 'provider', 'fileFormat', 'batchId', 'startTime', 'endTime'],
    columns: [
      { label: 'file', sort: 'id', value: (f) => fileLink(f.id) },
      { label: 'name', sort: 'fileName', value: (f) => f.fileName },
      { label: 'created', sort: 'createdTime', value: (f) => formatTime(f.createdTime) },
      { label: 'format', sort: 'fileFormat', value: (f) => f.fileFormat },
      { label: 'provider', sort: 'provider', value: (f) => f.provider },
      { label: 'operation', value: (f) => f.operationType },
      { label: 'status', value: (f) => f.status },
      { label: 'start', value: (f) => formatTime(f.startTime) },
    ],
  });
}

export function operationsTable() {
  return pagedTable({
    name: 'operations', title: 'Field operations', path: `${OPERATIONS}/operations`,
    fixed: { leafUserId: session.leafUser.id }, defaultSort: 'startTime,desc',
    filters: ['operationType', 'provider', 'fieldId', 'startTime', 'endTime'],
    columns: [
      { label: 'operation', sort: 'id', value: (o) => (o.status === 'processed' ? h('a', { href: `#/operation-map/${o.id}` }, `${o.id.slice(0, 8)} map`) : o.id.slice(0, 8)) },
      { label: 'status', value: (o) => o.status },
      { label: 'type', sort: 'type', value: (o) => o.type },
      { label: 'start', sort: 'startTime', value: (o) => formatTime(o.startTime) },
      { label: 'end', sort: 'endTime', value: (o) => formatTime(o.endTime) },
      { label: 'files', value: (o) => (o.files || []).map(fileLink) },
    ],
  });
}
