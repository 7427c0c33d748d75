// One tile: a Konva group in world space holding the header strip, the page area (a placeholder before
// the first frame), the border and the resize grip; and the page image, a DOM canvas under the Konva
// layer that shows through a hole cut in the page area. Its page area is `rect`.
//
// Why a DOM canvas: drawing each frame into the one full-window Konva canvas made the workbench
// repaint and commit that whole canvas per frame, ~10 ms of its main thread in software rendering
// (traced here). A frame now repaints one canvas the size of the frame, and overlapping tiles stay
// in order because the holes and the images follow the same tile order. The frame worker draws it
// (frameWorker.ts), as a 'bitmaprenderer' canvas: each decoded frame is handed over, not copied (its
// pixels still read back through drawImage, which the end-to-end tests and the bench's latency probe do).
import type { Context } from 'konva/lib/Context';
import { element } from './dom';
import { Group, RectShape, Shape, TextShape } from './konva';
import type { FrameTransport, TileInfo } from '../contract/protocol';
import type { ShownFrame } from './frameWorkerProtocol';
import type { Point, Rect, Size } from './rect';
import { containsPoint } from './rect';
import type { Theme } from './theme';
import type { HeaderPart, HeaderTarget } from './tileHeader';
import { HEADER_HEIGHT } from '../contract/limits';
import { TileHeader, headerLayout, headerTargetAt } from './tileHeader';

function placeholderText(info: TileInfo): string {
  if (info.pageless) {
    return 'No page is open in this session; its browser still runs.\n\nClick here to open a new page, or × to terminate the session.';
  }
  if (info.unanswered) {
    // Said so from 3 s on: a page merely slow on a busy machine answers soon after, and this goes.
    return 'This page has not answered yet. If it stays so, a dialog may have opened while no editor was connected (then nobody can answer it), or a script is holding the page.\n\nReload it with ↻ in the header; what was typed on it is lost.';
  }
  return info.crashed ? 'This page crashed. Reload it with ↻ in the header.' : 'Waiting for the first frame…';
}

/** Screen px around the page's bottom-right corner that grab the resize grip. */
const GRIP_REACH = 10;
/**
 * Zoomed out further than this, the header keeps this size on screen (growing in world units above
 * the page, laid out for the tile's width at that size): its 12 px text stays readable at any zoom.
 */
const READABLE_SCALE = 0.75;

/** `newPage`: the page area of a session with no page, where a click opens one. */
export type TileTarget = HeaderTarget | 'page' | 'newPage' | 'resize';

export class TileView {
  readonly group = new Group({ listening: false });
  framesDrawn = 0;
  /** The host's number of the newest frame drawn: how many the page had sent by then. */
  frameSequence = 0;
  /** Pixel size of the newest frame drawn (0 x 0 before the first). */
  frameSize: Size = { width: 0, height: 0 };
  /** How the newest frame drawn came (browserCanvas.frameTransport; `socket` falls back to `binary`). */
  frameTransport: FrameTransport | undefined;
  private focused = false;
  /** World units per header unit: 1, or more when zoomed out past READABLE_SCALE. */
  private headerScale = 1;
  private pageSize?: Size;
  private favicon?: ImageBitmap;
  /** The newest frame, drawn by the frame worker; shown through `pageHole` once there is one. */
  readonly pageImage = element('canvas');
  private layout: Record<HeaderPart, Rect> = headerLayout(0, 0);
  private readonly header: TileHeader;
  private readonly pageBackground = new RectShape();
  private readonly placeholder: TextShape;
  private readonly pageHole = new RectShape({ fill: '#000', globalCompositeOperation: 'destination-out', visible: false });
  private readonly border = new RectShape({ strokeScaleEnabled: false, cornerRadius: [6, 6, 0, 0] });
  private readonly grip = new Shape({ sceneFunc: (context, shape) => this.drawGrip(context, shape.getAbsoluteScale().x) });

  constructor(
    public info: TileInfo,
    public rect: Rect,
    private theme: Theme,
  ) {
    this.header = new TileHeader(theme);
    this.placeholder = new TextShape({ text: 'Waiting for the first frame…', align: 'center', verticalAlign: 'middle', fontSize: 14 });
    this.group.add(this.pageBackground, this.placeholder, this.pageHole, this.header.group, this.border, this.grip);
    this.render();
  }

  get tileId(): string {
    return this.info.tileId;
  }

  get isFocused(): boolean {
    return this.focused;
  }

  /** The page's CSS viewport that the page area shows: the newest frame's, else the tile's own size. */
  get pageViewport(): Size {
    return this.pageSize ?? { width: this.rect.width, height: this.rect.height };
  }

  /** The page area plus the header above it, in world units. */
  get outerRect(): Rect {
    const header = HEADER_HEIGHT * this.headerScale;
    return { x: this.rect.x, y: this.rect.y - header, width: this.rect.width, height: this.rect.height + header };
  }

  /** The header's parts in world units, for overlays such as the address editor. */
  headerPartRect(part: HeaderPart): Rect {
    const local = this.layout[part];
    const scale = this.headerScale;
    return { x: this.rect.x + local.x * scale, y: this.rect.y + local.y * scale, width: local.width * scale, height: local.height * scale };
  }

  /** Follows the camera's zoom: far out, the header keeps a readable size on screen. */
  setZoom(cameraScale: number): void {
    const headerScale = Math.max(1, READABLE_SCALE / cameraScale);
    if (headerScale !== this.headerScale) {
      this.headerScale = headerScale;
      this.render();
    }
  }

  update(info: TileInfo): void {
    this.info = info;
    this.render();
  }

  setRect(rect: Rect): void {
    this.rect = rect;
    this.render();
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
    this.render();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.render();
  }

  /** The page area's text while it shows no picture. */
  get placeholderText(): string | undefined {
    return this.placeholder.visible() ? this.placeholder.text() : undefined;
  }

  /** The header's title as drawn (with the resource policy's mark, if any). */
  get headerTitle(): string {
    return this.header.titleShown;
  }

  get hasFavicon(): boolean {
    return this.favicon !== undefined;
  }

  /** Shows the page's icon in the header (undefined: none). */
  setFavicon(favicon: ImageBitmap | undefined): void {
    this.favicon?.close();
    this.favicon = favicon;
    this.render();
  }

  /**
   * Notes a frame the frame worker put on the page image. Returns true when the Konva layer must be
   * redrawn: only for the first frame, which opens the hole it shows through.
   */
  frameShown(frame: ShownFrame): boolean {
    this.pageSize = { width: frame.pageWidth, height: frame.pageHeight };
    this.frameSequence = frame.sequence;
    this.frameTransport = frame.transport;
    this.frameSize = { width: frame.width, height: frame.height };
    this.framesDrawn += 1;
    if (this.pageHole.visible() || this.info.crashed || this.info.unanswered) {
      return false;
    }
    this.pageHole.visible(true);
    this.placeholder.visible(false);
    return true;
  }

  /** What a world point hits on this tile at camera `scale`, or undefined if it misses the tile. */
  targetAt(world: Point, scale: number): TileTarget | undefined {
    const local = { x: world.x - this.rect.x, y: world.y - this.rect.y };
    const reach = GRIP_REACH / scale;
    if (Math.abs(local.x - this.rect.width) <= reach && Math.abs(local.y - this.rect.height) <= reach) {
      return 'resize';
    }
    if (local.x < 0 || local.x >= this.rect.width) {
      return undefined;
    }
    if (local.y >= -HEADER_HEIGHT * this.headerScale && local.y < 0) {
      return headerTargetAt(this.layout, { x: local.x / this.headerScale, y: local.y / this.headerScale });
    }
    if (!containsPoint({ x: 0, y: 0, width: this.rect.width, height: this.rect.height }, local)) {
      return undefined;
    }
    return this.info.pageless ? 'newPage' : 'page';
  }

  dispose(): void {
    this.group.destroy();
    this.pageImage.remove();
    this.favicon?.close();
    this.favicon = undefined;
  }

  private render(): void {
    const { width, height } = this.rect;
    this.group.position({ x: this.rect.x, y: this.rect.y });
    this.layout = this.header.update(this.info, width / this.headerScale, this.theme, this.favicon);
    this.header.group.scale({ x: this.headerScale, y: this.headerScale });
    this.pageBackground.setAttrs({ width, height, fill: this.theme.placeholderBackground });
    this.placeholder.setAttrs({ width, height, fill: this.theme.mutedForeground, fontFamily: this.theme.fontFamily });
    this.pageHole.size({ width, height });
    if (this.info.crashed || this.info.unanswered) {
      // The last picture would show a page that is no longer there, or that does not take input.
      this.pageHole.visible(false);
      this.placeholder.visible(true);
    }
    this.placeholder.text(placeholderText(this.info));
    Object.assign(this.pageImage.style, { left: `${this.rect.x}px`, top: `${this.rect.y}px`, width: `${width}px`, height: `${height}px` });
    this.border.setAttrs({
      y: -HEADER_HEIGHT * this.headerScale,
      width,
      height: height + HEADER_HEIGHT * this.headerScale,
      // The agent's colour says who holds the session, whatever has the keyboard.
      stroke: this.info.controller === 'agent' ? this.theme.agentBackground : this.focused ? this.theme.focusBorder : this.info.color,
      strokeWidth: this.focused || this.info.controller === 'agent' ? 3 : 1,
    });
  }

  /** An L-shaped grip hugging the page's bottom-right corner, a constant size on screen. */
  private drawGrip(context: Context, scale: number): void {
    const { width, height } = this.rect;
    const arm = 9 / scale;
    const offset = 3 / scale;
    context.beginPath();
    context.moveTo(width + offset, height - arm);
    context.lineTo(width + offset, height + offset);
    context.lineTo(width - arm, height + offset);
    context.setAttr('strokeStyle', this.focused ? this.theme.focusBorder : this.info.color);
    context.setAttr('lineWidth', 2 / scale);
    context.setAttr('lineCap', 'round');
    context.stroke();
  }
}
