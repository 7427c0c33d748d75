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


/** File inputs: one file, several files, and a hidden one behind a button (its chooser opens on the click). Each chosen file is listed with its contents, as the page read it. */
export const UPLOAD_PAGE = `<!doctype html><title>Upload</title><h1>Upload</h1>
<label>Avatar <input id="avatar" type="file"></label>
<label>Documents <input id="documents" type="file" multiple></label>
<input id="hidden" type="file" multiple hidden><button id="attach" onclick="document.getElementById('hidden').click()">Attach files</button>
<ul id="chosen"></ul>
<script>
for (const input of document.querySelectorAll('input[type=file]')) {
  input.addEventListener('change', async () => {
    for (const file of input.files) {
      const item = document.createElement('li');
      item.textContent = input.id + ': ' + file.name + ' = ' + (await file.text());
      document.getElementById('chosen').append(item);
    }
  });
}
</script>`;

/** An HTML5 drag-and-drop list (a dropped item goes before the one it lands on) and a slider dragged with pointer events. */
export const DRAG_PAGE = `<!doctype html><title>Board</title>
<style>#list li{padding:10px;margin:4px;background:#eee;width:160px;list-style:none} #track{position:relative;width:300px;height:20px;background:#ccc;margin:40px} #thumb{position:absolute;left:0;top:-5px;width:30px;height:30px;background:#369;touch-action:none}</style>
<ul id="list"><li draggable="true">Apples</li><li draggable="true">Bread</li><li draggable="true">Cheese</li></ul>
<div id="track"><div id="thumb" role="slider" aria-label="Volume" aria-valuenow="0"></div></div><p id="volume">0</p>
<script>
let dragged;
for (const item of document.getElementById('list').children) {
  item.addEventListener('dragstart', (event) => { dragged = item; event.dataTransfer.setData('text/plain', item.textContent); });
  item.addEventListener('dragover', (event) => event.preventDefault());
  item.addEventListener('drop', (event) => { event.preventDefault(); if (event.dataTransfer.getData('text/plain') === dragged.textContent) item.before(dragged); });
}
const thumb = document.getElementById('thumb');
const track = document.getElementById('track');
thumb.addEventListener('pointerdown', (event) => thumb.setPointerCapture(event.pointerId));
thumb.addEventListener('pointermove', (event) => {
  if (!thumb.hasPointerCapture(event.pointerId)) return;
  const box = track.getBoundingClientRect();
  const left = Math.max(0, Math.min(box.width - 30, event.clientX - box.left - 15));
  thumb.style.left = left + 'px';
  document.getElementById('volume').textContent = String(Math.round((left / (box.width - 30)) * 100));
});
</script>`;

/** Two boards, each with a column "Done": one moves cards by HTML5 drag and drop, the other with pointer events, as sortable libraries do (a grab cursor on its cards). */
export const BOARD_PAGE = `<!doctype html><title>Boards</title>
<style>ul{min-height:60px;width:200px;background:#eee;padding:8px;display:inline-block;vertical-align:top} li{padding:8px;margin:4px;background:white;list-style:none} #pointer li{cursor:grab;user-select:none}</style>
<section id="html5" aria-label="Drag and drop board"><ul aria-label="To do"><li draggable="true">Write report</li><li draggable="true">Fix login bug</li></ul><ul aria-label="Done"><li draggable="true">Set up CI</li></ul></section>
<section id="pointer" aria-label="Pointer board"><ul aria-label="Backlog"><li>Plan sprint</li><li>Book room</li></ul><ul aria-label="Shipped"><li>Release 1.0</li></ul></section>
<script>
let dragged;
for (const item of document.querySelectorAll('#html5 li')) item.addEventListener('dragstart', () => dragged = item);
for (const column of document.querySelectorAll('#html5 ul')) {
  column.addEventListener('dragover', (event) => event.preventDefault());
  column.addEventListener('drop', (event) => { event.preventDefault(); column.append(dragged); });
}
let held;
for (const item of document.querySelectorAll('#pointer li')) item.addEventListener('pointerdown', (event) => { held = item; item.setPointerCapture(event.pointerId); });
document.addEventListener('pointerup', (event) => {
  if (!held) return;
  held.style.visibility = 'hidden';
  const column = document.elementFromPoint(event.clientX, event.clientY)?.closest('#pointer ul');
  held.style.visibility = '';
  if (column) column.append(held);
  held = undefined;
});
</script>`;

/** A red badge far down a long page (so it must be scrolled to), a panel taller than any viewport and one placed off screen; the colours follow prefers-color-scheme. */
export const LONG_PAGE = `<!doctype html><title>Long</title>
<style>body{margin:0;background:white;color:black} @media (prefers-color-scheme: dark){body{background:black;color:white}}</style>
<div style="height:2500px">Top</div>
<div id="badge" style="width:120px;height:60px;margin-left:50px;background:rgb(255,0,0)"></div>
<div id="tall" style="width:200px;height:5000px;background:rgb(0,0,255)"></div>
<div id="away" style="position:absolute;left:-500px;top:0;width:100px;height:50px">Off screen</div>`;
