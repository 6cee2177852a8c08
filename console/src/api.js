// The furrow API as the console uses it: the bearer token of the signed-in session, JSON in and out,
// problem+json errors turned into Error objects with the server's own detail.
const TOKEN_KEY = 'furrow.token';
const USER_KEY = 'furrow.leafUser';

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) { value ? sessionStorage.setItem(TOKEN_KEY, value) : sessionStorage.removeItem(TOKEN_KEY); },
  get leafUser() { return JSON.parse(sessionStorage.getItem(USER_KEY) || 'null'); },
  set leafUser(user) { user ? sessionStorage.setItem(USER_KEY, JSON.stringify(user)) : sessionStorage.removeItem(USER_KEY); },
};

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

export function authHeaders() {
  return session.token ? { Authorization: `Bearer ${session.token}` } : {};
}

async function failure(response) {
  let detail = response.statusText;
  try {
    const body = await response.json();
    detail = body.detail || body.title || detail;
  } catch { /* not JSON */ }
  if (response.status === 401) session.token = null;
  return new ApiError(response.status, detail);
}

export async function request(method, path, body) {
  const headers = { ...authHeaders() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return null;
  return response.json();
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);

// A list page: the items plus the total the API counts (X-Total-Count).
export async function getPage(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
    else if (value !== '' && value !== undefined && value !== null) query.append(key, value);
  }
  const response = await fetch(`${path}?${query}`, { headers: authHeaders() });
  if (!response.ok) throw await failure(response);
  return { items: await response.json(), total: Number(response.headers.get('X-Total-Count') || 0) };
}

export async function getBinary(path) {
  const response = await fetch(path, { headers: authHeaders() });
  if (!response.ok) throw await failure(response);
  return response.arrayBuffer();
}

export async function signIn(username, password) {
  const answer = await request('POST', '/api/authenticate', { username, password, rememberMe: false });
  session.token = answer.id_token;
}

export const OPERATIONS = '/services/operations/api';
export const USERS = '/services/usermanagement/api/users';
export const FIELDS = '/services/fields/api/users';

// The path of an absolute link the API gave (its host may be FURROW_PUBLIC_URL, not the page's origin).
export const pathOf = (url) => { const u = new URL(url, location.href); return u.pathname + u.search; };
