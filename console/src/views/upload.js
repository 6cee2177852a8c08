// Drag and drop zips: each upload shows the bytes sent (XMLHttpRequest upload progress), then its
// batch's progress from GET .../batch/{id}/status, polled until the batch is done.
import { authHeaders, get, OPERATIONS, session } from '../api.js';
import { formatBytes, h, replace } from '../dom.js';

const POLL_MS = 1000;

function send(file, provider, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ leafUserId: session.leafUser.id, provider });
    xhr.open('POST', `${OPERATIONS}/batch?${query}`);
    for (const [key, value] of Object.entries(authHeaders())) xhr.setRequestHeader(key, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Error((body && (body.detail || body.title)) || `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error('the upload was cut off'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

function countFiles(status) {
  const converted = status.converted?.leafFiles?.length || 0;
  const processing = status.processing?.leafFiles?.length || 0;
  const failedSteps = Object.entries(status.failed || {});
  const failed = new Set(failedSteps.flatMap(([, step]) => step.leafFiles || [])).size;
  return { converted, processing, failed, failedSteps };
}

function uploadRow(file, provider, rows) {
  const bar = h('progress.bytes', { max: 1, value: 0 });
  const text = h('span.muted', {}, `0 of ${formatBytes(file.size)}`);
  const batch = h('div.batch-progress');
  const row = h('li.upload', { dataset: { state: 'sending' } }, h('strong', {}, file.name), ' ', bar, ' ', text, batch);
  rows.prepend(row);
  send(file, provider, (loaded, total) => {
    bar.max = total || 1;
    bar.value = loaded;
    text.textContent = `${formatBytes(loaded)} of ${formatBytes(total)}`;
  }).then((answer) => {
    row.dataset.batchId = answer.id;
    row.dataset.state = 'processing';
    text.textContent = `sent ${formatBytes(file.size)}; batch ${answer.id}`;
    return watchBatch(answer.id, row, batch);
  }).catch((error) => {
    row.dataset.state = 'failed';
    replace(batch, h('p.error', {}, error.message));
  });
}

async function watchBatch(id, row, target) {
  for (;;) {
    const [batch, status] = await Promise.all([get(`${OPERATIONS}/batch/${id}`), get(`${OPERATIONS}/batch/${id}/status`)]);
    const counts = countFiles(status);
    const found = counts.converted + counts.processing + counts.failed;
    const bar = h('progress.files', { max: Math.max(found, 1), value: counts.converted + counts.failed });
    replace(target,
      h('div', {}, `batch ${batch.status}: ${found} files found, ${counts.converted} converted, `
        + `${counts.processing} processing, ${counts.failed} failed `, bar),
      counts.failedSteps.length ? h('ul', {}, counts.failedSteps.map(([step, info]) =>
        h('li.error', {}, `${step}: ${info.leafFiles.length} file(s) — ${info.message || info.status}`))) : null,
      (batch.leafFiles || []).length ? h('div', {}, batch.leafFiles.map((fileId) =>
        h('a', { href: `#/file/${fileId}`, class: 'chip' }, fileId.slice(0, 8)))) : null);
    if (batch.status !== 'RECEIVED' && batch.status !== 'PROCESSING' && counts.processing === 0) {
      row.dataset.state = batch.status.toLowerCase();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function renderUpload(view, settings) {
  const rows = h('ul.uploads', { id: 'uploads' });
  const provider = h('select', { id: 'provider' }, settings.providers.map((name) => h('option', { value: name }, name)));
  const input = h('input', { type: 'file', id: 'upload-input', accept: '.zip,application/zip', multiple: true });
  const start = (files) => [...files].forEach((file) => uploadRow(file, provider.value, rows));
  input.addEventListener('change', () => { start(input.files); input.value = ''; });
  const drop = h('div.dropzone', {
    id: 'dropzone',
    ondragover: (event) => { event.preventDefault(); drop.classList.add('over'); },
    ondragleave: () => drop.classList.remove('over'),
    ondrop: (event) => { event.preventDefault(); drop.classList.remove('over'); start(event.dataTransfer.files); },
  }, h('p', {}, 'Drop machine-data zips here, or '), h('label.button', {}, 'choose files', input));
  replace(view, h('section', {},
    h('h1', {}, 'Upload'),
    h('label', {}, 'Provider ', provider),
    drop,
    rows));
}
