// Pages the recorder is tried on: a popup with a form, nested iframes, a long page, choices.

/** A link that opens a sign-up form in a new page; what the form sends comes back on a broadcast channel. */
export const OPENER_PAGE = `<!doctype html><title>Newsletter</title><a href="/popup-form" target="_blank">Sign up in a new window</a><p id="result"></p>
<script>new BroadcastChannel('signup').onmessage = (event) => document.getElementById('result').textContent = 'Signed up ' + event.data;</script>`;

export const POPUP_FORM_PAGE = `<!doctype html><title>Newsletter form</title>
<form action="/popup-done"><label>Name <input name="name"></label> <button>Send</button></form>`;

export const POPUP_DONE_PAGE = `<!doctype html><title>Thanks</title><h1>Thanks</h1>
<script>new BroadcastChannel('signup').postMessage(new URLSearchParams(location.search).get('name'));</script>`;

/** The form sits two frames down, in the second iframe of the page: frame path [1, 0]. */
export const FRAMES_PAGE = `<!doctype html><title>Shop</title><iframe title="Advert" srcdoc="<p>Buy now</p>" height="60"></iframe><iframe title="Shop" src="/shop" width="500" height="260"></iframe>`;

export const SHOP_PAGE = `<!doctype html><title>Basket</title><p>Your basket</p><iframe title="Checkout" src="/checkout" width="420" height="180"></iframe>`;

export const CHECKOUT_PAGE = `<!doctype html><title>Checkout</title><label>Card holder <input name="holder"></label>
<button onclick="document.getElementById('paid').textContent = 'Paid by ' + document.querySelector('[name=holder]').value">Pay</button><p id="paid"></p>`;

/** Taller than any viewport, with a list that scrolls on its own and a field to type in. */
export const LONG_PAGE = `<!doctype html><title>Long</title>
<div id="list" style="height:150px;width:300px;overflow:auto;border:1px solid"><div style="height:2000px">Items</div></div>
<label>Note <input name="note" style="width:80px"></label>
<div style="height:4000px">The rest</div>`;

export const CHOICES_PAGE = `<!doctype html><title>Preferences</title>
<label>Colour <select name="colour"><option value="red">Red</option><option value="green">Green</option><option value="blue">Blue</option></select></label>
<label><input type="checkbox" name="news"> Send me news</label>
<input type="checkbox" id="offers"><label for="offers">Send me offers</label>`;

/** A shopping list whose Add button keeps the focus in the field (as many toolbars do): no blur, so no change event, before its click. */
export const KEEP_FOCUS_PAGE = `<!doctype html><title>Shopping list</title>
<input name="item" aria-label="Item"> <button id="add">Add</button><ul id="items"></ul>
<script>
  const add = document.getElementById('add');
  add.addEventListener('mousedown', (event) => event.preventDefault());
  add.addEventListener('click', () => {
    const field = document.querySelector('[name=item]');
    document.getElementById('items').append(Object.assign(document.createElement('li'), { textContent: field.value }));
  });
</script>`;

// A task in several pages, for recording in one session and replaying into a fresh one: a login
// (checked in the page, so only the right password gets through), preferences with a drop-down and a
// checkbox, a navigation to what was saved, and a popup form whose result comes back to the opener.
export const LOGIN_PAGE = `<!doctype html><title>Log in</title>
<form id="login"><label>User <input name="user"></label> <label>Password <input name="password" type="password"></label> <button>Log in</button></form><p id="error"></p>
<script>login.onsubmit = (event) => {
  event.preventDefault();
  if (login.password.value !== 'correct horse') { error.textContent = 'Wrong password'; return; }
  sessionStorage.user = login.user.value;
  location.href = '/preferences';
};</script>`;

export const PREFERENCES_PAGE = `<!doctype html><title>Preferences</title><h1 id="hello"></h1>
<label>Colour <select name="colour"><option value="red">Red</option><option value="green">Green</option><option value="blue">Blue</option></select></label>
<label><input type="checkbox" name="news"> Send me news</label>
<button id="save">Save</button>
<script>
hello.textContent = sessionStorage.user ? 'Hello ' + sessionStorage.user : 'Not logged in';
save.onclick = () => location.href = '/saved?colour=' + document.querySelector('select').value + '&news=' + document.querySelector('[name=news]').checked;
</script>`;

export const SAVED_PAGE = `<!doctype html><title>Saved</title><p id="saved"></p>
<a href="/popup-form" target="_blank">Sign up in a new window</a><p id="result"></p>
<script>
const query = new URLSearchParams(location.search);
saved.textContent = (sessionStorage.user || 'nobody') + ' likes ' + query.get('colour') + (query.get('news') === 'true' ? ', with news' : '');
new BroadcastChannel('signup').onmessage = (event) => result.textContent = 'Signed up ' + event.data;
</script>`;
