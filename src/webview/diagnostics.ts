// Read-only state for end-to-end tests and the benchmark (read through puppeteer): tiles with exact
// client-space rects of their page area and header, the camera, and the open select list / dialog.
import type { Camera, Controller, DialogKind } from '../contract/protocol';
import type { Rect } from './rect';
import type { ShownStep } from './agentHighlights';
import type { TileView } from './tile';

export interface TileDiagnostics {
  tileId: string;
  sessionId: string;
  title: string;
  url: string;
  controller: Controller;
  /** The agent client named on the badge, while one holds the session. */
  holder?: string;
  focused: boolean;
  favicon: boolean;
  framesDrawn: number;
  /** How many frames the page had sent by the newest one drawn (the rest were skipped on the way). */
  frameSequence: number;
  /** Pixel size of the newest frame drawn (the JPEG's own size; 0 before the first frame). */
  frameWidth: number;
  frameHeight: number;
  /** How the newest frame drawn came: 'socket', 'binary' or 'base64' (none before the first frame). */
  frameTransport?: string;
  /** In the webview document's CSS pixels (client coordinates). */
  pageRect: Rect;
  headerRect: Rect;
  /** The controller badge, which hands the session over or takes it back. */
  badgeRect: Rect;
  /** Where the header's title is drawn (its text is 12 header units high in a 22-unit box). */
  titleRect: Rect;
  /** The title as the header draws it: the resource policy's mark ("Slowed · ", "Hibernated · "…) comes first, or its icon as "[Slowed] " where the words leave no room. */
  headerTitle: string;
  /** The pin (Keep at Full Speed / Let Rest When Out of View). */
  pinRect: Rect;
  /** The record / stop button, and whether the page is being recorded. */
  recordRect: Rect;
  recording: boolean;
  /** The header's close button (for a session with no page: Terminate). */
  closeRect: Rect;
  sessionLabel: string;
  /** The tile of a session with no page open. */
  pageless: boolean;
  /** The text shown in the page area while there is no picture (none once a frame shows). */
  placeholder?: string;
}

export interface CanvasDiagnostics {
  tiles(): TileDiagnostics[];
  /** (x, y): the world point at the canvas's top-left corner; scale: screen px per page CSS px. */
  camera(): Camera;
  overlays(): { select?: { tileId: string; options: string[] }; dialog?: { tileId: string; kind: DialogKind; message: string } };
  /** The agent's last highlights, ripples and labels drawn over tiles. */
  agentSteps(): ShownStep[];
}

declare global {
  interface Window {
    browserCanvasDiagnostics?: CanvasDiagnostics;
  }
}

export interface DiagnosticsSource {
  tiles(): TileView[];
  camera(): Camera;
  worldRectToClient(rect: Rect): Rect;
  overlayRoot: HTMLElement;
  agentSteps(): readonly ShownStep[];
}

export function installDiagnostics(source: DiagnosticsSource): void {
  window.browserCanvasDiagnostics = {
    tiles: () =>
      source.tiles().map((tile) => ({
        tileId: tile.tileId,
        sessionId: tile.info.sessionId,
        title: tile.info.title,
        url: tile.info.url,
        controller: tile.info.controller,
        holder: tile.info.holder,
        focused: tile.isFocused,
        favicon: tile.hasFavicon,
        framesDrawn: tile.framesDrawn,
        frameSequence: tile.frameSequence,
        frameTransport: tile.frameTransport,
        frameWidth: tile.frameSize.width,
        frameHeight: tile.frameSize.height,
        pageRect: source.worldRectToClient(tile.rect),
        headerRect: source.worldRectToClient({ ...tile.outerRect, height: tile.outerRect.height - tile.rect.height }),
        titleRect: source.worldRectToClient(tile.headerPartRect('title')),
        badgeRect: source.worldRectToClient(tile.headerPartRect('badge')),
        headerTitle: tile.headerTitle,
        pinRect: source.worldRectToClient(tile.headerPartRect('pin')),
        recordRect: source.worldRectToClient(tile.headerPartRect('record')),
        recording: !!tile.info.recording,
        closeRect: source.worldRectToClient(tile.headerPartRect('close')),
        sessionLabel: tile.info.sessionLabel,
        pageless: !!tile.info.pageless,
        placeholder: tile.placeholderText,
      })),
    camera: () => ({ ...source.camera() }),
    agentSteps: () => source.agentSteps().map((step) => ({ ...step })),
    overlays: () => {
      const list = source.overlayRoot.querySelector<HTMLElement>('.select-list');
      const dialog = source.overlayRoot.querySelector<HTMLElement>('.dialog-backdrop');
      return {
        ...(list && {
          select: { tileId: list.dataset.tileId ?? '', options: [...list.querySelectorAll('.select-option')].map((option) => option.textContent ?? '') },
        }),
        ...(dialog && {
          dialog: {
            tileId: dialog.dataset.tileId ?? '',
            kind: (dialog.querySelector<HTMLElement>('.dialog-box')?.dataset.kind ?? 'alert') as DialogKind,
            message: dialog.querySelector('.dialog-message')?.textContent ?? '',
          },
        }),
      };
    },
  };
}
