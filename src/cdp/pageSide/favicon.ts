// Run in the page's main world (Runtime.evaluate of `(fn)()`, sent as source text, so self-contained).

// The icon the page names, preferring a bitmap one (the canvas draws SVG too, but a bitmap is cheaper),
// else the site's /favicon.ico; '' for pages that have none (about:, data:). Only reads, changes nothing.
export function findIconUrl(): string {
  if (!/^https?:$/.test(location.protocol)) {
    return '';
  }
  const links = [...document.querySelectorAll<HTMLLinkElement>('link[rel~="icon" i]')].filter((link) => link.href);
  const bitmap = links.filter((link) => !/svg/i.test(link.type) && !/\.svg([?#]|$)/i.test(link.href));
  const chosen = bitmap[0] ?? links[0];
  return chosen ? chosen.href : new URL('/favicon.ico', location.href).href;
}
