// Choose the leaf user whose data the console shows, or create one.
import { getPage, post, session, USERS } from '../api.js';
import { h, replace } from '../dom.js';

export async function renderUsers(view, done) {
  const message = h('p.error');
  const list = h('ul.choices', { id: 'user-list' });
  const name = h('input', { id: 'new-user-name', placeholder: 'name', required: true });
  const email = h('input', { id: 'new-user-email', type: 'email', placeholder: 'email (optional)' });
  const choose = (user) => { session.leafUser = { id: user.id, name: user.name }; done(); };
  replace(view, h('section.card', {},
    h('h1', {}, 'Leaf user'),
    h('p', {}, 'Every upload, file and operation belongs to one leaf user.'),
    list,
    h('form', {
      id: 'new-user',
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const body = { name: name.value };
          if (email.value) body.email = email.value;
          choose(await post(USERS, body));
        } catch (error) { message.textContent = error.message; }
      },
    }, h('h2', {}, 'New leaf user'), name, email, h('button', { type: 'submit', id: 'new-user-submit' }, 'Create')),
    message));
  try {
    const page = await getPage(USERS, { size: 100, sort: 'name,asc' });
    replace(list, page.items.map((user) => h('li', {},
      h('button.link', { onclick: () => choose(user), dataset: { userId: user.id } }, user.name || user.id),
      user.email ? h('span.muted', {}, ` ${user.email}`) : null)));
    if (page.total > page.items.length) list.append(h('li.muted', {}, `${page.total - page.items.length} more not shown`));
  } catch (error) { message.textContent = error.message; }
}
