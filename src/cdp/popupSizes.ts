import { DisposableStore, IDisposable } from './disposable';
import { onCdpEvent } from './puppeteerEvents';
import type { CdpClient } from './target/cdpChannel';

/** A popup's CSS viewport as `window.open` asked for it; a side it did not name is left as it is. */
export interface PopupSize {
  readonly width?: number;
  readonly height?: number;
}

// A browser keeps a popup at least 100 px a side; the most a page may ask is a 4K screen.
const SIDE_LIMITS = { min: 100, maxWidth: 3840, maxHeight: 2160 } as const;
/** Requests kept per opener: a blocked popup is announced but never opens, so its request is never taken. */
const KEPT_REQUESTS = 20;

/** The viewport size in `window.open`'s features (`width=500,height=400`; `innerWidth` is the old name). */
export function popupSizeOf(features: readonly string[]): PopupSize | undefined {
  const size: { width?: number; height?: number } = {};
  for (const feature of features) {
    const [name, value = ''] = feature.split('=', 2);
    const pixels = Number.parseInt(value, 10);
    if (!(pixels > 0)) {
      continue;
    }
    const side = { width: 'width', innerwidth: 'width', height: 'height', innerheight: 'height' }[name.trim().toLowerCase()];
    if (side === 'width') {
      size.width = Math.min(Math.max(pixels, SIDE_LIMITS.min), SIDE_LIMITS.maxWidth);
    } else if (side === 'height') {
      size.height = Math.min(Math.max(pixels, SIDE_LIMITS.min), SIDE_LIMITS.maxHeight);
    }
  }
  return size.width === undefined && size.height === undefined ? undefined : size;
}

/**
 * The sizes one page asked for its popups, each kept until its popup appears. Headless Chromium opens
 * every popup at 800x600 whatever `window.open` asked, where a desktop browser gives it the size asked.
 * Chromium announces a popup to its opener (`Page.windowOpen`) before the popup's target exists, also
 * when it then blocks it, so a popup is matched to its request by address rather than by order.
 */
export class PopupSizes implements IDisposable {
  private readonly store = new DisposableStore();
  private requests: ReadonlyArray<{ readonly url: string; readonly size: PopupSize }> = [];

  constructor(opener: CdpClient) {
    this.store.add(
      onCdpEvent(opener, 'Page.windowOpen', ({ url, windowFeatures }) => {
        const size = popupSizeOf(windowFeatures);
        if (size) {
          this.requests = [...this.requests, { url, size }].slice(-KEPT_REQUESTS);
        }
      }),
    );
  }

  /** The size asked for the popup that opened at `url`, handed out once. */
  take(url: string): PopupSize | undefined {
    const request = this.requests.find((candidate) => candidate.url === url);
    this.requests = this.requests.filter((candidate) => candidate !== request);
    return request?.size;
  }

  dispose(): void {
    this.store.dispose();
  }
}
