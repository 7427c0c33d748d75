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
