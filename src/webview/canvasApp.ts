// The canvas app: owns the camera, the tiles, which tile has the keyboard, and the overlays, and
// applies host messages to them. Everything drawn or posted flows through here.
import { cameraAtActualSize, cameraShowing, DEFAULT_CAMERA, fitRects, nearestToMiddle, screenToWorld, visibleWorldRect, worldRectToScreen, zoomAt } from './camera';
import { headerActionEnabled, HeaderButtons } from './headerButtons';
import { debounce } from './debounce';
import { installDiagnostics } from './diagnostics';
import { element } from './dom';
import { createEmptyState } from './emptyState';
import { FrameRenderer } from './frames';
import { Gestures } from './gestures';
import { layoutSnapshot } from './layout';
import { clamp, PIXEL_RATIO_LIMITS } from '../contract/limits';
import { TileOverlays } from './tileOverlays';
import { OverlayLayer } from './overlays/overlayLayer';
import { Notices } from './overlays/notices';
import { createHelp } from './overlays/help';
import { PageKeyboard } from './pageKeyboard';
import { PageMouse } from './pageMouse';
import { pageBoxToWorld, worldToPage } from './pageSpace';
import { AgentHighlights } from './agentHighlights';
import { HELD_BACK_NOTICE, PAGE_INPUT } from '../contract/heldBack';
import type { Camera, HostMessage, TileInfo, TileRect } from '../contract/protocol';
import type { Point, Rect } from './rect';
import { intersects } from './rect';
import { CanvasStage } from './stage';
import { CanvasAction, installShortcuts } from './shortcuts';
import { readTheme, watchTheme } from './theme';
import type { TileView } from './tile';
import { TileSet } from './tileSet';
import type { HeaderAction } from './tileHeader';
import type { ToolbarAction } from './toolbar';
import { createToolbar } from './toolbar';
import { VisibilityReporter, visibleTiles } from './visibility';
import type { Post, WebviewState } from './vscodeApi';
import { TimelineStrips } from './strip/timelineStrips';

/** Screen px kept clear when fitting: the toolbar above, a margin elsewhere. */
const FIT_INSETS = { top: 64, side: 32 };
const ZOOM_STEP = 1.25;
/** Site icons are drawn 16 px: rasterised at twice that for HiDPI screens. */
const ICON_PIXELS = 32;

export class CanvasApp {
  private camera: Camera = DEFAULT_CAMERA;
  private focusedTileId: string | undefined;
  private savedRects: Readonly<Record<string, TileRect>> = {};
  /** Zoom to fit once the first tiles arrive, unless the host restored a camera. */
  private fitWhenTilesArrive = true;
  private spaceHeld = false;
  private readonly stage: CanvasStage;
  private readonly tiles: TileSet;
  private readonly overlays = new OverlayLayer();
  private readonly tileOverlays: TileOverlays;
  private readonly notices: Notices;
  private readonly headerButtons = new HeaderButtons((tileId, action) => {
    const tile = this.tiles.get(tileId);
    if (tile) {
      this.runHeaderAction(tile, action);
    }
  });
  private readonly toolbar = createToolbar((action) => this.runAction(action));
  private readonly emptyState: HTMLElement;
  private readonly frames: FrameRenderer;
  private readonly keyboard: PageKeyboard;
  private readonly visibility: VisibilityReporter;
  private readonly layoutSaver = debounce(() => this.saveLayout(), 300);
  private readonly highlights = new AgentHighlights((tileId, box) => {
    const tile = this.tiles.get(tileId);
    return tile && this.worldRectToClient(pageBoxToWorld(tile, box));
  });
  /** When the developer was last told that the agent holds a tile, so the notice does not repeat per keystroke. */
  private heldBackNoticeAt = 0;
  private readonly disposers: Array<() => void> = [];
  /** The timeline strips open under tiles, and the past a scrubbed one shows. */
  private readonly strips: TimelineStrips;

  constructor(
    root: HTMLElement,
    private readonly post: Post,
    state: WebviewState<Record<string, unknown>> = memoryState(),
  ) {
    const theme = readTheme();
    const canvas = element('div', 'canvas');
    this.emptyState = createEmptyState(post);
    this.notices = new Notices(this.overlays.root);
    // Input for a page the agent holds stays here (the host refuses it too); the developer is told how to take it back.
    // …and input for a tile showing a picture of the past goes nowhere: the page is not clicked through it.
    const pagePost: Post = (message) => {
      if ('tileId' in message && PAGE_INPUT.has(message.type) && this.tiles.get(message.tileId)?.info.controller === 'agent') {
        this.heldBack(message.tileId);
      } else if (!('tileId' in message && this.strips.showsPast(message.tileId))) {
        post(message);
      }
    };
    this.strips = new TimelineStrips(
      post,
      {
        tile: (tileId) => this.tiles.get(tileId),
        worldRectToClient: (rect) => this.worldRectToClient(rect),
        bringIntoView: (rectsAt) => {
          // Fitting may zoom out, which makes a strip (fixed in screen px) taller in world units: fit again at that scale.
          const moved = cameraShowing(rectsAt(this.camera.scale), this.camera, this.stage.size, FIT_INSETS);
          if (moved) {
            this.setCamera(fitRects(rectsAt(moved.scale), this.stage.size, FIT_INSETS) ?? moved);
          }
        },
      },
      state,
    );
    this.keyboard = new PageKeyboard(pagePost, () => this.focusedTileId, () => this.focusTile(undefined));
    root.append(canvas, this.emptyState, this.toolbar.element, this.headerButtons.root, this.highlights.root, this.strips.root, this.overlays.root, this.notices.root, this.keyboard.textarea);
    this.stage = new CanvasStage(canvas, theme, () => this.viewChanged());
    this.tiles = new TileSet(this.stage.tilesLayer, this.stage.framesWorld, theme);
    this.frames = new FrameRenderer((tileId) => this.tiles.get(tileId), this.stage.tilesLayer, (tileId) => post({ type: 'frameDrawn', tileId }));
    this.tileOverlays = new TileOverlays(this.overlays, post, {
      tile: (tileId) => this.tiles.get(tileId),
      worldRectToClient: (rect) => this.worldRectToClient(rect),
      refocus: (tileId) => this.focusTile(this.tiles.get(tileId)),
      focusedTileId: () => this.focusedTileId,
    });
    this.visibility = new VisibilityReporter(
      () => {
        const pixelRatio = clamp(window.devicePixelRatio || 1, PIXEL_RATIO_LIMITS.min, PIXEL_RATIO_LIMITS.max);
        return { tiles: visibleTiles(this.tiles.all(), this.camera, this.stage.size, pixelRatio, this.focusedTileId), pixelRatio };
      },
      (visible) => post({ type: 'visibleTiles', ...visible }),
    );
    const gestures = new Gestures({
      container: canvas,
      pageMouse: new PageMouse(pagePost, (tileId, event) => this.pagePointOf(tileId, event)),
      camera: () => this.camera,
      setCamera: (camera) => this.setCamera(camera),
      hitAt: (point) => this.tiles.hitAt(screenToWorld(this.camera, point), this.camera.scale),
      focusedTile: () => this.focusedTile(),
      focusTile: (tile, near) => this.focusTile(tile, near),
      placeTile: (tile, rect, resized) => this.placeTile(tile, rect, resized),
      raiseTile: (tile) => this.tiles.raise(tile),
      runHeaderAction: (tile, action) => this.runHeaderAction(tile, action),
      openPage: (tile) => this.post({ type: 'newPage', tileId: tile.tileId }),
      isSpaceHeld: () => this.spaceHeld,
    });
    const onVisibilityChange = () => this.visibility.schedule();
    document.addEventListener('visibilitychange', onVisibilityChange);
    this.disposers.push(
      () => gestures.dispose(),
      installShortcuts({ hasFocusedTile: () => this.focusedTileId !== undefined, run: (action) => this.runAction(action), setSpaceHeld: (held) => (this.spaceHeld = held) }),
      watchTheme((next) => {
        this.stage.setTheme(next);
        this.tiles.setTheme(next);
        this.stage.tilesLayer.batchDraw();
      }),
      () => document.removeEventListener('visibilitychange', onVisibilityChange),
    );
    // Konva draws codicons as text: redraw once the font has loaded.
    void document.fonts.load('16px codicon').then(() => this.stage.tilesLayer.batchDraw());
    installDiagnostics({
      tiles: () => this.tiles.all(),
      camera: () => this.camera,
      worldRectToClient: (rect) => this.worldRectToClient(rect),
      overlayRoot: this.overlays.root,
      agentSteps: () => this.highlights.shown,
    });
    this.setCamera(this.camera);
    this.tilesChanged();
  }

  handle(message: HostMessage): void {
    switch (message.type) {
      case 'init':
        this.savedRects = message.layout?.tiles ?? {};
        if (message.layout) {
          this.fitWhenTilesArrive = false;
          this.setCamera(message.layout.camera);
        }
        this.syncTiles(message.tiles);
        if (message.frameSocket) {
          this.frames.connect(message.frameSocket);
        }
        break;
      case 'tiles':
        this.syncTiles(message.tiles);
        break;
      case 'frame':
        this.frames.receive(message);
        break;
      case 'selectOpened':
        this.tileOverlays.openSelect(message);
        break;
      case 'dialogOpened':
        this.tileOverlays.openDialog(message);
        break;
      case 'dialogClosed':
        this.overlays.remove(this.overlays.find('dialog', message.tileId));
        break;
      case 'reveal': {
        const tile = this.tiles.get(message.tileId);
        const camera = tile && fitRects([tile.outerRect], this.stage.size, FIT_INSETS);
        if (camera) {
          this.setCamera({ ...camera, scale: Math.min(camera.scale, 1) });
        }
        break;
      }
      case 'agentStep':
        this.highlights.show(message);
        break;
      case 'timelineEntries':
        this.strips.receive(message);
        break;
      case 'favicon':
        void this.showFavicon(message.tileId, message.data);
        break;
      case 'notice': {
        const tile = message.tileId === undefined ? undefined : this.tiles.get(message.tileId);
        this.notices.show(message.text, message.level, tile && this.worldRectToClient(tile.rect));
        break;
      }
    }
  }

  dispose(): void {
    this.disposers.splice(0).forEach((dispose) => dispose());
    this.layoutSaver.cancel();
    this.visibility.dispose();
    this.frames.dispose();
    this.highlights.dispose();
    this.strips.dispose();
    this.tiles.dispose();
    this.stage.dispose();
  }

  private syncTiles(infos: readonly TileInfo[]): void {
    // A woken session's reopened page takes its kept tile's place, and the keyboard if it had it.
    const taking = infos.flatMap((info) => {
      const kept = info.replaces === undefined ? undefined : this.tiles.get(info.replaces);
      return kept ? [{ tileId: info.tileId, kept }] : [];
    });
    this.savedRects = { ...this.savedRects, ...Object.fromEntries(taking.map(({ tileId, kept }) => [tileId, kept.rect])) };
    const refocus = taking.find(({ kept }) => kept.tileId === this.focusedTileId)?.tileId;
    const { added, removed } = this.tiles.sync(infos, this.savedRects);
    this.frames.attach(this.tiles.all());
    for (const tileId of removed) {
      this.frames.forget(tileId);
      this.overlays.removeForTile(tileId);
      if (tileId === this.focusedTileId) {
        this.focusTile(undefined);
      }
    }
    if (this.fitWhenTilesArrive && this.tiles.size > 0) {
      this.fitWhenTilesArrive = false;
      this.zoomToFit();
    } else {
      this.showOpened(added);
    }
    if (refocus !== undefined) {
      this.focusTile(this.tiles.get(refocus));
    }
    this.tilesChanged();
  }

  /**
   * A popup or new tab the developer opened comes into view beside its opener, or they would think the
   * click did nothing. The agent's are left where they land: the view does not jump while one watches.
   */
  private showOpened(added: readonly TileView[]): void {
    const opened = added.filter((tile) => tile.info.openerId && tile.info.controller === 'developer' && !this.savedRects[tile.tileId]);
    const rects = opened.flatMap((tile) => [tile.outerRect, this.tiles.get(tile.info.openerId!)?.outerRect ?? tile.outerRect]);
    const camera = rects.length ? cameraShowing(rects, this.camera, this.stage.size, FIT_INSETS) : undefined;
    if (camera) {
      this.setCamera(camera);
    }
  }

  private heldBack(tileId: string): void {
    const tile = this.tiles.get(tileId);
    if (tile && performance.now() - this.heldBackNoticeAt > 3000) {
      this.heldBackNoticeAt = performance.now();
      this.notices.show(HELD_BACK_NOTICE, 'info', this.worldRectToClient(tile.rect));
    }
  }

  private async showFavicon(tileId: string, data: Uint8Array | undefined): Promise<void> {
    const bitmap = data && (await decodeIcon(data));
    const tile = this.tiles.get(tileId);
    if (!tile) {
      bitmap?.close();
      return;
    }
    tile.setFavicon(bitmap);
    this.stage.tilesLayer.batchDraw();
  }

  private setCamera(camera: Camera): void {
    this.camera = camera;
    this.stage.applyCamera(camera);
    this.toolbar.showZoom(camera.scale);
    this.viewChanged();
    this.layoutSaver.schedule();
  }

  /** After anything that moves tiles on screen: overlays follow, the visible set is re-reported. */
  private viewChanged(): void {
    for (const tile of this.tiles.all()) {
      tile.setZoom(this.camera.scale); // a no-op unless the header's size on screen must change
    }
    this.overlays.repositionAll();
    this.strips.reposition();
    const view = visibleWorldRect(this.camera, this.stage.size);
    this.headerButtons.sync(this.tiles.all().filter((tile) => intersects(tile.outerRect, view)), (rect) => this.worldRectToClient(rect));
    this.visibility.schedule();
  }

  private tilesChanged(): void {
    this.emptyState.hidden = this.tiles.size > 0;
    this.strips.sync();
    this.stage.tilesLayer.batchDraw();
    this.viewChanged();
    this.layoutSaver.schedule();
  }

  private runAction(action: CanvasAction): void {
    if (action === 'timeline') {
      // The strip of the tile in use: the one last given the keyboard, else the one nearest the middle.
      const tile = this.focusedTile() ?? this.tileNearestMiddle();
      if (tile) {
        this.runHeaderAction(tile, 'timeline');
      }
      return;
    }
    const centre = { x: this.stage.size.width / 2, y: this.stage.size.height / 2 };
    const actions: Record<ToolbarAction, () => void> = {
      newSession: () => this.post({ type: 'runCommand', command: 'newSession' }),
      zoomToFit: () => this.zoomToFit(),
      // At 100 % around the tile in use, whole where it fits: not around a point that cuts tiles off.
      resetZoom: () => this.setCamera(cameraAtActualSize(this.camera, this.stage.size, FIT_INSETS, (this.focusedTile() ?? this.tileNearestMiddle())?.outerRect)),
      zoomIn: () => this.setCamera(zoomAt(this.camera, centre, this.camera.scale * ZOOM_STEP)),
      zoomOut: () => this.setCamera(zoomAt(this.camera, centre, this.camera.scale / ZOOM_STEP)),
      help: () => this.toggleHelp(),
    };
    actions[action]();
  }

  private tileNearestMiddle(): TileView | undefined {
    return nearestToMiddle(this.tiles.all(), (tile) => tile.outerRect, this.camera, this.stage.size);
  }

  private zoomToFit(): void {
    const camera = fitRects(this.tiles.all().map((tile) => tile.outerRect), this.stage.size, FIT_INSETS);
    if (camera) {
      this.setCamera(camera);
    }
  }

  private toggleHelp(): void {
    const open = this.overlays.find('help');
    if (open) {
      this.overlays.remove(open);
    } else {
      const help = createHelp(() => this.overlays.remove(help));
      this.overlays.add(help);
    }
  }

  private focusedTile(): TileView | undefined {
    return this.focusedTileId === undefined ? undefined : this.tiles.get(this.focusedTileId);
  }

  /** Gives `tile` the keyboard (undefined: the canvas takes it back). */
  private focusTile(tile: TileView | undefined, near?: Point): void {
    const previous = this.focusedTile();
    if (previous !== tile) {
      previous?.setFocused(false);
      tile?.setFocused(true);
      this.focusedTileId = tile?.tileId;
      this.stage.tilesLayer.batchDraw();
      this.visibility.schedule(); // the focused tile streams first
    }
    if (tile) {
      this.keyboard.focus(near);
    } else {
      this.keyboard.blur();
    }
  }

  private placeTile(tile: TileView, rect: Rect, resized = false): void {
    tile.setRect(rect);
    if (resized) {
      this.post({ type: 'resizeTile', tileId: tile.tileId, width: rect.width, height: rect.height });
    }
    this.stage.tilesLayer.batchDraw();
    this.viewChanged();
    this.layoutSaver.schedule();
  }

  private runHeaderAction(tile: TileView, action: HeaderAction): void {
    const { tileId } = tile;
    if (!headerActionEnabled(action, tile.info)) {
      return;
    }
    if (action === 'address') {
      this.tileOverlays.editAddress(tile);
    } else if (action === 'badge') {
      this.post({ type: 'handoff', tileId, to: tile.info.controller === 'agent' ? 'developer' : 'agent' });
    } else if (action === 'record') {
      this.post({ type: 'record', tileId, start: !tile.info.recording });
    } else if (action === 'timeline') {
      this.strips.toggle(tileId);
    } else if (action === 'pin') {
      this.post({ type: 'keepFullSpeed', tileId, on: !tile.info.pinned });
    } else if (action === 'close') {
      this.post({ type: 'closeTile', tileId });
    } else {
      this.post({ type: 'history', tileId, action });
    }
  }

  private saveLayout(): void {
    this.post({ type: 'layout', layout: layoutSnapshot(this.camera, this.tiles.all().map((tile) => [tile.tileId, tile.rect] as const)) });
  }

  private pagePointOf(tileId: string, event: MouseEvent): Point {
    const tile = this.tiles.get(tileId);
    const bounds = this.stage.container.getBoundingClientRect();
    const world = screenToWorld(this.camera, { x: event.clientX - bounds.left, y: event.clientY - bounds.top });
    return tile ? worldToPage(tile, world) : world;
  }

  private worldRectToClient(rect: Rect): Rect {
    const bounds = this.stage.container.getBoundingClientRect();
    const screen = worldRectToScreen(this.camera, rect);
    return { ...screen, x: screen.x + bounds.left, y: screen.y + bounds.top };
  }
}

/** A site icon as a bitmap: the browser sniffs bitmap formats; SVG (which it cannot) is drawn through an image, where it runs no script. */
async function decodeIcon(data: Uint8Array): Promise<ImageBitmap | undefined> {
  const bytes = data as Uint8Array<ArrayBuffer>;
  const bitmap = await createImageBitmap(new Blob([bytes])).catch(() => undefined);
  if (bitmap || !/<svg[\s>]/i.test(new TextDecoder().decode(bytes.subarray(0, 1024)))) {
    return bitmap;
  }
  const url = URL.createObjectURL(new Blob([bytes], { type: 'image/svg+xml' }));
  try {
    const image = new Image(ICON_PIXELS, ICON_PIXELS); // an SVG may have no size of its own
    image.src = url;
    await image.decode();
    return await createImageBitmap(image, { resizeWidth: ICON_PIXELS, resizeHeight: ICON_PIXELS });
  } catch {
    return undefined; // not an image after all: the header shows none
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** State kept in memory only (tests that build the app with no editor around it). */
function memoryState<T>(): WebviewState<T> {
  let kept: T | undefined;
  return { get: () => kept, set: (state) => (kept = state) };
}
