// Code points of the codicons that Konva draws as text in the 'codicon' font (the toolbar, which is
// DOM, uses the codicon CSS classes instead). Values from @vscode/codicons/dist/codicon.css.
export const CODICON_FONT = 'codicon';

export const codicon = {
  arrowLeft: '\uea9b',
  arrowRight: '\uea9c',
  refresh: '\ueb37',
  close: '\uea76',
  record: '\ueba7',
  stop: '\uead7',
  pin: '\ueb2b',
  pinned: '\ueba0',
  history: '\uea82',
  dashboard: '\ueacd',
  eyeClosed: '\ueae7',
  debugPause: '\uead1',
} as const;
