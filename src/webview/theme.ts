// VS Code theme colours for what Konva draws. VS Code sets --vscode-* variables on <html> and toggles
// vscode-dark / vscode-light / vscode-high-contrast classes on <body> when the theme changes.
import { withAlpha } from './colors';

export interface Theme {
  readonly background: string;
  readonly foreground: string;
  readonly mutedForeground: string;
  readonly focusBorder: string;
  readonly gridMinor: string;
  readonly gridMajor: string;
  readonly placeholderBackground: string;
  readonly addressBackground: string;
  readonly badgeBackground: string;
  readonly badgeForeground: string;
  readonly agentBackground: string;
  readonly fontFamily: string;
}

function cssVariable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => cssVariable(style, `--vscode-${name}`, fallback);
  const foreground = read('foreground', '#cccccc');
  return {
    background: read('editor-background', '#1e1e1e'),
    foreground,
    mutedForeground: read('descriptionForeground', withAlpha(foreground, 0.7)),
    focusBorder: read('focusBorder', '#007fd4'),
    gridMinor: withAlpha(foreground, 0.05),
    gridMajor: withAlpha(foreground, 0.1),
    placeholderBackground: read('editorWidget-background', '#252526'),
    addressBackground: withAlpha('#000000', 0.22),
    badgeBackground: read('badge-background', '#4d4d4d'),
    badgeForeground: read('badge-foreground', '#ffffff'),
    agentBackground: read('charts-orange', '#d18616'),
    fontFamily: read('font-family', 'system-ui, sans-serif'),
  };
}

/** Calls `onChange` with the new theme whenever VS Code switches themes. Returns the stop function. */
export function watchTheme(onChange: (theme: Theme) => void): () => void {
  const observer = new MutationObserver(() => onChange(readTheme()));
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
