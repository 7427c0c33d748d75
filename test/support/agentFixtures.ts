// Pages the agent works on in tests and the bench: a multi-step form, a huge table, frames and shadow DOM.

export const SIGNUP_PAGE = `<!doctype html><title>Sign up</title>
<h1>Sign up</h1>
<form id="form" action="/done" method="get">
  <label>Email <input name="email" type="email"></label>
  <label>Password <input name="password" type="password"></label>
  <label>Plan <select name="plan"><option>Free</option><option>Pro</option><option>Team</option></select></label>
  <label><input name="terms" type="checkbox" value="yes"> I accept the terms</label>
  <button type="submit">Create account</button>
</form>
<p id="status" hidden>Creating…</p>`;

export const DONE_PAGE = `<!doctype html><title>Welcome</title><h1>Welcome</h1><p id="summary"></p>
<script>summary.textContent = 'Account for ' + new URLSearchParams(location.search).get('email') + ' on plan ' + new URLSearchParams(location.search).get('plan');</script>`;

/** 3,000 rows, each with a button that says which row it is when pressed. */
export const TABLE_PAGE = `<!doctype html><title>Orders</title><h1>Orders</h1><p id="pressed">none</p>
<table><thead><tr><th>Order</th><th>Customer</th><th>Action</th></tr></thead><tbody id="rows"></tbody></table>
<script>
const rows = document.getElementById('rows');
for (let i = 1; i <= 3000; i++) {
  const row = document.createElement('tr');
  row.innerHTML = '<td>Order ' + i + '</td><td>Customer ' + (i * 7 % 1000) + '</td><td><button>Cancel order ' + i + '</button></td>';
  row.querySelector('button').onclick = () => document.getElementById('pressed').textContent = 'cancelled ' + i;
  rows.append(row);
}
</script>`;

export const NESTED_PAGE = `<!doctype html><title>Nested</title>
<iframe title="Checkout" srcdoc="<button onclick=&quot;parent.document.title='paid'&quot;>Pay now</button>" style="position:absolute;left:260px;top:140px;width:300px;height:80px"></iframe>
<div id="host"></div>
<script>host.attachShadow({ mode: 'open' }).innerHTML = '<button onclick="document.title=\\'shadow clicked\\'">Inside shadow</button>';</script>`;

/** An ordinary page: navigation, an article, a search form, a footer. */
export const ARTICLE_PAGE = `<!doctype html><title>Field notes</title>
<header><nav aria-label="Main"><a href="/">Home</a> <a href="/articles">Articles</a> <a href="/about">About</a> <a href="/contact">Contact</a></nav>
<form role="search"><input type="search" aria-label="Search the site" placeholder="Search"><button>Search</button></form></header>
<main><article><h1>Watching the tide</h1><p>Posted on <time>12 March</time> by <a href="/people/ada">Ada</a>.</p>
<p>The tide comes in twice a day. We measured it for a week from the old pier, with a pole and a notebook, and wrote down what we saw every hour.</p>
<h2>What we found</h2><ul><li>High water moved later by about fifty minutes a day.</li><li>Spring tides were a third higher than neap tides.</li><li>Wind from the west raised the water by a hand's width.</li></ul>
<p>Read the <a href="/data">raw measurements</a> or <a href="/method">how we measured</a>.</p>
<label><input type="checkbox"> Tell me about new notes</label> <button>Subscribe</button></article></main>
<footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a> <p>© Field notes</p></footer>`;

/** A button that counts its presses, for timing one click. */
export const COUNTER_PAGE = `<!doctype html><title>Counter</title><button id="press" style="margin:40px;padding:20px">Press</button><p id="count">0</p>
<script>let presses = 0; document.getElementById('press').onclick = () => document.getElementById('count').textContent = String(++presses);</script>`;

/**
 * A cross-site iframe (localhost inside 127.0.0.1: another site, so another process), placed away
 * from the corner so a click must be moved into the page's viewport to land.
 */
export const CROSS_SITE_PAGE = `<!doctype html><title>Cross site</title><p>Outer page</p>
<script>
const frame = document.createElement('iframe');
frame.title = 'Payment';
frame.src = location.href.replace('127.0.0.1', 'localhost').replace(/\\/cross-site$/, '/widget');
frame.style.cssText = 'position:absolute;left:300px;top:200px;width:320px;height:120px;border:4px solid gray';
document.body.append(frame);
addEventListener('message', (event) => document.title = event.data);
</script>`;

export const WIDGET_PAGE = `<!doctype html><title>Widget</title><button onclick="parent.postMessage('paid across sites', '*')">Pay across sites</button>`;

