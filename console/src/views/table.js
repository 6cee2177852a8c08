// A list of the API as a table: the API pages (page, size, X-Total-Count), sorts (sort=field,dir:
// click a sortable header) and filters (one text box per filter; the API checks the values and its
// error is shown as it answers). `spec` = {path, fixed: {param: value}, columns: [{label, sort?,
// value(item)}], filters: [param names]}.
import { getPage } from '../api.js';
import { h, replace } from '../dom.js';

const PAGE_SIZE = 20;

export function pagedTable(spec) {
  const state = { page: 0, sort: spec.defaultSort || '', filters: {} };
  const body = h('tbody');
  const status = h('span.muted');
  const error = h('p.error');
  const head = h('tr');
  const pager = h('div.pager');
  const table = h('table', { dataset: { list: spec.name } }, h('thead', {}, head), body);

  const load = async () => {
    error.textContent = '';
    try {
      const { items, total } = await getPage(spec.path, {
        ...spec.fixed, ...state.filters, page: state.page, size: PAGE_SIZE, sort: state.sort,
      });
      replace(body, items.map((item) => h('tr', {}, spec.columns.map((column) => h('td', {}, column.value(item))))));
      if (!items.length) body.append(h('tr', {}, h('td.muted', { colSpan: spec.columns.length }, 'nothing yet')));
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      table.dataset.total = total;
      status.textContent = `${total} in all · page ${state.page + 1} of ${pages}`;
      replace(pager,
        h('button', { disabled: state.page === 0, onclick: () => { state.page -= 1; load(); } }, '‹ previous'),
        status,
        h('button', { disabled: state.page + 1 >= pages, onclick: () => { state.page += 1; load(); } }, 'next ›'));
    } catch (e) { error.textContent = e.message; }
  };

  const renderHead = () => replace(head, spec.columns.map((column) => {
    if (!column.sort) return h('th', {}, column.label);
    const [field, direction] = state.sort.split(',');
    const mark = field === column.sort ? (direction === 'desc' ? ' ▼' : ' ▲') : '';
    return h('th', {}, h('button.link', {
      onclick: () => {
        state.sort = `${column.sort},${field === column.sort && direction !== 'desc' ? 'desc' : 'asc'}`;
        state.page = 0;
        renderHead();
        load();
      },
    }, column.label + mark));
  }));

  const filterInputs = (spec.filters || []).map((name) => h('label', {}, `${name} `, h('input', {
    name, size: 14,
    onchange: (event) => { state.filters[name] = event.target.value.trim(); state.page = 0; load(); },
  })));

  renderHead();
  load();
  return h('section.list', {}, h('h2', {}, spec.title), h('div.filters', {}, filterInputs), error, table, pager);
}
