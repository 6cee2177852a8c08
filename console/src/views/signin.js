// Sign in with the API owner's username and password (POST /api/authenticate).
import { signIn } from '../api.js';
import { h, replace } from '../dom.js';

export function renderSignIn(view, done) {
  const message = h('p.error', { id: 'signin-error' });
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form.card', {
    id: 'signin',
    onsubmit: async (event) => {
      event.preventDefault();
      message.textContent = '';
      try {
        await signIn(username.value, password.value);
        done();
      } catch (error) {
        message.textContent = error.message;
      }
    },
  },
  h('h1', {}, 'Sign in'),
  h('label', {}, 'Username', username),
  h('label', {}, 'Password', password),
  h('button', { type: 'submit', id: 'signin-submit' }, 'Sign in'),
  message);
  replace(view, form);
  username.focus();
}
