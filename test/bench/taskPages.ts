// The pages of the agent task bench: small web apps as a model meets them, each inside the same site
// header and footer, so a snapshot carries what a real page carries around the task.

function page(title: string, body: string): string {
  return `<!doctype html><title>${title}</title>
<header><nav aria-label="Main"><a href="/">Home</a> <a href="/pricing">Pricing</a> <a href="/docs">Docs</a> <a href="/blog">Blog</a> <a href="/support">Support</a></nav></header>
<main>${body}</main>
<footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a> <p>© Example Ltd</p></footer>`;
}

/** Sign up: the result shows a moment after submitting, as a server's answer would. */
const SIGNUP = page('Sign up', `<h1>Create your account</h1>
<form id="signup">
  <label>Email <input name="email" type="email" required></label>
  <label>Password <input name="password" type="password" required></label>
  <label>Plan <select name="plan"><option>Free</option><option>Pro</option><option>Team</option></select></label>
  <label><input name="terms" type="checkbox" required> I accept the terms</label>
  <button>Create account</button>
</form><p id="result" role="status"></p>
<script>
signup.onsubmit = (event) => {
  event.preventDefault();
  const data = new FormData(signup);
  result.textContent = 'Creating…';
  setTimeout(() => result.textContent = 'Account created for ' + data.get('email') + ' on plan ' + data.get('plan'), 600);
};
</script>`);

/** Visiting the login page signs out; the account page sends a stranger back to it. */
const LOGIN = page('Sign in', `<h1>Sign in</h1>
<form id="login"><label>Username <input name="user" autocomplete="username"></label>
<label>Password <input name="password" type="password"></label><button>Sign in</button></form><p id="error" role="alert"></p>
<script>
localStorage.removeItem('user');
login.onsubmit = (event) => {
  event.preventDefault();
  const data = new FormData(login);
  if (data.get('password') !== 'correct horse') return void (error.textContent = 'Wrong username or password');
  localStorage.setItem('user', data.get('user'));
  location.href = '/account';
};
</script>`);

const ACCOUNT = page('Account', `<script>if (!localStorage.getItem('user')) location.replace('/login');</script>
<h1 id="hello"></h1><h2>Invoices</h2>
<table><thead><tr><th>Month</th><th>Amount</th><th></th></tr></thead><tbody id="invoices"></tbody></table><p id="status" role="status"></p>
<script>
hello.textContent = 'Hello, ' + localStorage.getItem('user');
for (const [month, amount] of [['2026-08', '€12.00'], ['2026-09', '€12.00'], ['2026-10', '€18.50']]) {
  const row = invoices.insertRow();
  row.innerHTML = '<td>' + month + '</td><td>' + amount + '</td><td><button>Download invoice ' + month + '</button></td>';
  row.querySelector('button').onclick = () => document.getElementById('status').textContent = 'Downloaded invoice ' + month;
}
</script>`);

/** A confirm() before deleting, a prompt() for a new name. */
const DRAFTS = page('Drafts', `<h1>Drafts</h1>
<ul><li>Q3 plan <button id="delete">Delete draft</button></li><li><span id="name">Untitled</span> <button id="rename">Rename draft</button></li></ul>
<p id="status" role="status"></p>
<script>
document.getElementById('delete').onclick = () => { if (confirm('Delete the draft "Q3 plan"?')) document.getElementById('status').textContent = 'Deleted Q3 plan'; };
document.getElementById('rename').onclick = () => { const name = prompt('New name for the draft', 'Untitled'); if (name) document.getElementById('name').textContent = name; };
</script>`);

/** 2,000 orders, each with its own cancel button. */
const ORDERS = page('Orders', `<h1>Orders</h1><p id="pressed" role="status">none</p>
<table><thead><tr><th>Order</th><th>Customer</th><th>Total</th><th></th></tr></thead><tbody id="rows"></tbody></table>
<script>
for (let i = 1; i <= 2000; i++) {
  const row = rows.insertRow();
  row.innerHTML = '<td>Order ' + i + '</td><td>Customer ' + (i * 7 % 1000) + '</td><td>€' + (i % 90 + 10) + '.00</td><td><button>Cancel order ' + i + '</button></td>';
  row.querySelector('button').onclick = () => pressed.textContent = 'cancelled ' + i;
}
</script>`);

/** Card details in an iframe (which reports to its parent), a coupon field in a web component's shadow root. */
const CHECKOUT = page('Checkout', `<h1>Checkout</h1>
<iframe title="Card details" src="/card" style="width:360px;height:120px"></iframe>
<coupon-box></coupon-box><p id="paid"></p><p id="coupon"></p>
<script>
addEventListener('message', (event) => paid.textContent = event.data);
customElements.define('coupon-box', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<label>Coupon <input id="code"></label> <button>Apply coupon</button>';
    root.querySelector('button').onclick = () => coupon.textContent = 'Coupon ' + root.getElementById('code').value + ' applied';
  }
});
</script>`);

const CARD = `<!doctype html><title>Card</title><form id="card"><label>Card number <input name="number" inputmode="numeric"></label> <button>Pay</button></form>
<script>card.onsubmit = (event) => { event.preventDefault(); parent.postMessage('Paid with card ending ' + new FormData(card).get('number').slice(-4), '*'); };</script>`;

/** A file input the page reads. */
const PROFILE = page('Profile', `<h1>Your profile</h1>
<form><label>CV <input type="file" id="cv" accept=".txt,.pdf"></label></form><p id="uploaded" role="status"></p>
<script>
cv.onchange = async () => uploaded.textContent = 'Uploaded ' + cv.files[0].name + ' (' + (await cv.files[0].text()).length + ' characters)';
</script>`);

/** A board of HTML5 drag-and-drop cards: a card dropped on a column moves there. */
const BOARD = page('Board', `<h1>Sprint board</h1>
<section><h2>To do</h2><ul id="todo" aria-label="To do"><li draggable="true">Write report</li><li draggable="true">Fix login bug</li></ul></section>
<section><h2>Done</h2><ul id="done" aria-label="Done"><li draggable="true">Set up CI</li></ul></section>
<style>ul{min-height:60px;width:220px;background:#eee;padding:8px} li{padding:8px;margin:4px;background:white;list-style:none}</style>
<script>
let dragged;
for (const item of document.querySelectorAll('li[draggable]')) item.addEventListener('dragstart', () => dragged = item);
for (const column of document.querySelectorAll('ul')) {
  column.addEventListener('dragover', (event) => event.preventDefault());
  column.addEventListener('drop', (event) => { event.preventDefault(); if (dragged) column.append(dragged); });
}
</script>`);

export const TASK_PAGES = { '/signup': SIGNUP, '/login': LOGIN, '/account': ACCOUNT, '/drafts': DRAFTS, '/orders': ORDERS, '/checkout': CHECKOUT, '/card': CARD, '/profile': PROFILE, '/board': BOARD };
