// Runs before the toolkit loads (toolkit.ts imports it first). FAST, under the toolkit, probes
// :focus-visible as it loads, with a <style> element whose nonce it reads from
// <meta property="csp-nonce">; without one the page's CSP blocks the probe and logs an error.
// Our own <script> carries the page's nonce, so it is shared from there.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce || document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
if (nonce && !document.querySelector('meta[property="csp-nonce"]')) {
  const meta = document.createElement('meta');
  meta.setAttribute('property', 'csp-nonce');
  meta.content = nonce;
  document.head.append(meta);
}

export {};
