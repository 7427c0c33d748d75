// Pages for the observing tools: text that turns up late in frames and shadow roots, console output,
// requests of every kind, and a site that remembers a login in a cookie and local storage.

/**
 * Text added a moment after load inside a same-site iframe, a cross-site one (localhost inside
 * 127.0.0.1: another process) and an open shadow root: where the main document's innerText never sees.
 */
export const LATE_FRAMES_PAGE = `<!doctype html><title>Late frames</title><p>Outer page</p>
<iframe id="same" srcdoc="<p>inner</p>"></iframe>
<div id="host"></div>
<script>
const cross = document.createElement('iframe');
cross.src = location.href.replace('127.0.0.1', 'localhost').replace(/\\/late-frames$/, '/late-widget');
document.body.append(cross);
const shadow = host.attachShadow({ mode: 'open' });
setTimeout(() => {
  document.getElementById('same').contentDocument.body.insertAdjacentHTML('beforeend', '<p>Same-site receipt</p>');
  shadow.innerHTML = '<section><span class="badge">Shadow status: ready</span></section>';
}, 400);
</script>`;

export const LATE_WIDGET_PAGE = `<!doctype html><title>Widget</title><p>widget</p>
<script>setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<p>Cross-site receipt</p>'), 400);</script>`;

/**
 * Console output of every level on load, a format string, an object, a message far too long, an
 * uncaught error, and a button that logs once more when pressed.
 */
export const CONSOLE_PAGE = `<!doctype html><title>Console</title><button id="again" onclick="console.info('pressed again', { times: 2, by: 'button' })">Again</button>
<script>
console.log('ready %s with %d items', 'now', 3, { plan: 'pro', seats: 2 });
console.warn('running low');
console.error('payment failed');
console.debug('tick');
console.log('x'.repeat(5000));
setTimeout(() => { throw new Error('boom in a timer'); });
</script>`;

/** Secrets a page and its server exchange: none of them may reach a tool result. */
export const SECRETS = { bearer: 'bearer-7f3a9c', cookie: 'cookie-5d1e2b', setCookie: 'setcookie-91c4aa' };

/** Requests of every kind: a credentialled JSON fetch, an image, a 404, a port the browser refuses, a POST. */
export const NETWORK_PAGE = `<!doctype html><title>Network</title><p id="state">loading</p>
<script>
document.cookie = 'sid=${SECRETS.cookie}';
const read = (response) => response.arrayBuffer(); // 'loaded' once every body is in, not just the headers
Promise.allSettled([
  fetch('/api/profile', { headers: { Authorization: 'Bearer ${SECRETS.bearer}' } }).then(read),
  fetch('/pixel.png').then(read),
  fetch('/missing').then(read),
  fetch('http://127.0.0.1:9/refused'),
  fetch('/api/profile', { method: 'POST', body: 'card=4111111111111111' }).then(read),
]).then(() => (document.getElementById('state').textContent = 'loaded'));
</script>`;

export const PROFILE_JSON = { type: 'application/json', body: Buffer.from('{"name":"Ada","plan":"pro"}'), headers: { 'set-cookie': `session=${SECRETS.setCookie}; Path=/` } };

/** A login that leaves a script cookie, an HttpOnly one (set by the server) and a local storage item. */
export const LOGIN_PAGE = `<!doctype html><title>Log in</title>
<form id="login"><label>Name <input name="name"></label><button>Log in</button></form>
<script>
document.getElementById('login').onsubmit = (event) => {
  event.preventDefault();
  const name = new FormData(event.target).get('name');
  localStorage.setItem('profile', JSON.stringify({ name }));
  document.cookie = 'sid=${SECRETS.cookie}; max-age=3600; path=/';
  location.href = '/login-done';
};
</script>`;

export const LOGIN_DONE = { type: 'text/html', body: Buffer.from("<!doctype html><script>location.href = '/account';</script>"), headers: { 'set-cookie': `token=${SECRETS.setCookie}; HttpOnly; Max-Age=3600; Path=/` } };

/** Who is logged in, as the site sees it: its cookie and its local storage, or neither. */
export const ACCOUNT_PAGE = `<!doctype html><title>Account</title><p id="who"></p>
<script>
const profile = JSON.parse(localStorage.getItem('profile') ?? 'null');
document.getElementById('who').textContent = profile && document.cookie.includes('sid=') ? 'Signed in as ' + profile.name : 'Please log in';
</script>`;

/** A page that shows the address in its query (`?src=`) in an iframe: another server's page makes it cross-site. */
export const FRAMED_PAGE = `<!doctype html><title>Framed</title><p>Outer page</p>
<script>
const frame = document.createElement('iframe');
frame.src = new URLSearchParams(location.search).get('src');
document.body.append(frame);
</script>`;

/** A widget that logs as it loads, then fetches its data every half second (ten times). */
export const CROSS_SITE_WIDGET = `<!doctype html><title>Widget</title><p>Widget</p>
<script>
console.log('widget says hello');
let fetches = 0;
const timer = setInterval(() => { fetch('/api/widget-data'); if (++fetches === 10) clearInterval(timer); }, 500);
</script>`;

export const WIDGET_JSON = { type: 'application/json', body: Buffer.from('{"from":"widget"}') };
