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
