// The console's entry: a hash router over the views. #/upload, #/batches, #/files, #/operations,
// #/fields, #/field/<id> (#/field/new), #/file/<id>, #/map/<id>, #/operation-map/<id>; sign-in and the leaf user come first when missing.
import { session } from './api.js';
import { h, replace } from './dom.js';
import { renderFieldPage } from './views/field_page.js';
import { renderFields } from './views/fields.js';
import { renderFilePage } from './views/file_page.js';
import { batchesTable, filesTable, operationsTable } from './views/lists.js';
import { renderMapPage } from './views/map_page.js';
import { renderSignIn } from './views/signin.js';
import { renderUpload } from './views/upload.js';
import { renderUsers } from './views/users.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let settings = { basemapUrl: '', providers: ['Other'] };

function renderChrome() {
  const signedIn = Boolean(session.token);
  replace(nav, signedIn && session.leafUser ? [
    h('a', { href: '#/upload' }, 'Upload'), h('a', { href: '#/batches' }, 'Batches'),
    h('a', { href: '#/files' }, 'Files'), h('a', { href: '#/operations' }, 'Operations'),
    h('a', { href: '#/fields' }, 'Fields'),
  ] : []);
  replace(who, signedIn ? [
    session.leafUser ? h('a', { href: '#/users', id: 'leaf-user' }, session.leafUser.name || session.leafUser.id) : null,
    ' ', h('button.link', { id: 'sign-out', onclick: () => { session.token = null; session.leafUser = null; route(); } }, 'sign out'),
  ] : []);
}

async function route() {
  renderChrome();
  const [, page, id] = (location.hash || '#/upload').split('/');
  if (!session.token) return renderSignIn(view, route);
  if (!session.leafUser || page === 'users') {
    return renderUsers(view, () => { location.hash = '#/upload'; route(); });
  }
  try {
    if (page === 'file' && id) return await renderFilePage(view, id);
    if (page === 'map' && id) return await renderMapPage(view, 'file', id, settings);
    if (page === 'operation-map' && id) return await renderMapPage(view, 'operation', id, settings);
    if (page === 'field' && id) return await renderFieldPage(view, decodeURIComponent(id), settings);
    if (page === 'fields') return renderFields(view);
    if (page === 'batches') return replace(view, batchesTable());
    if (page === 'files') return replace(view, filesTable());
    if (page === 'operations') return replace(view, operationsTable());
    return renderUpload(view, settings);
  } catch (error) {
    if (!session.token) return renderSignIn(view, route);
    replace(view, h('p.error', {}, error.message));
  }
}

window.addEventListener('hashchange', route);
fetch('/console/settings.json').then((r) => r.json()).then((s) => { settings = s; }).finally(route);
