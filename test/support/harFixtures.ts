// A site with a login: a form with a password, a server that answers it with an HttpOnly cookie, and
// an API called with a bearer token that answers with another token. None of them may reach a HAR.

export const HAR_SECRETS = { password: 'hunter2-pw-81f0', cookie: 'sid-cookie-3b7d9e', bearer: 'bearer-tok-55c1a0', apiToken: 'api-token-e4d2c8' };

export const BEFORE_PAGE = `<!doctype html><title>Before</title><p>Not logged in yet</p><script>fetch('/api/early')</script>`;

export const HAR_LOGIN_PAGE = `<!doctype html><title>Log in</title>
<form method="post" action="/signed-in"><input name="user" value="ada"><input id="password" name="password" type="password"><button id="go">Log in</button></form>`;

/** The login's answer: the session cookie (HttpOnly), then the API read with a bearer token. */
export const SIGNED_IN_PAGE = {
  type: 'text/html',
  headers: { 'set-cookie': `sid=${HAR_SECRETS.cookie}; HttpOnly; Path=/` },
  body: Buffer.from(`<!doctype html><title>Signing in</title><script>
fetch('/api/me', { headers: { Authorization: 'Bearer ${HAR_SECRETS.bearer}' } }).then((response) => response.json()).then((me) => (document.title = 'Signed in as ' + me.name));
</script>`),
};

export const ME_JSON = { type: 'application/json', body: Buffer.from(JSON.stringify({ name: 'Ada', accessToken: HAR_SECRETS.apiToken, plan: 'pro' })) };

/** Ten small requests, for the log's bounds. */
export const MANY_PAGE = `<!doctype html><title>Many</title><script>
Promise.all(Array.from({ length: 10 }, (_, index) => fetch('/api/item?n=' + index).then((response) => response.text()))).then(() => (document.title = 'all fetched'));
</script>`;
