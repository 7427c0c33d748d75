// The tiles on the canvas, in drawing order (last on top), kept in step with the host's list.
import type { Layer } from 'konva/lib/Layer';
import { placeTile } from './layout';
import type { TileInfo, TileRect } from '../contract/protocol';
import type { Point, Rect } from './rect';
import type { Theme } from './theme';
import type { TileTarget } from './tile';
import { TileView } from './tile';

export interface TileHit {
  readonly tile: TileView;
  readonly target: TileTarget;
}

export class TileSet {
  private readonly tiles = new Map<string, TileView>();
  /**
   * Where a session's last tile was when it went: its next tile (the tile of a session whose last page
   * closed, or the page opened from that tile) takes the same place.
   */
  private readonly vacated = new Map<string, Rect>();

  constructor(
    private readonly layer: Layer,
    /** Where the tiles' page images go, in the same order as the tiles. */
    private readonly pageImages: HTMLElement,
    private theme: Theme,
  ) {}

  get(tileId: string): TileView | undefined {
    return this.tiles.get(tileId);
  }

  /** Bottom to top. */
  all(): TileView[] {
    return [...this.tiles.values()];
  }

  get size(): number {
    return this.tiles.size;
  }

  /**
   * Makes the set match `infos`: adds new tiles (at their saved rect, else placed beside their opener
   * or after the others), updates the rest, removes the gone. Returns the tiles added and the ids removed.
   */
  sync(infos: readonly TileInfo[], savedRects: Readonly<Record<string, TileRect>>): { readonly added: TileView[]; readonly removed: string[] } {
    const wanted = new Set(infos.map((info) => info.tileId));
    const removed = [...this.tiles.keys()].filter((tileId) => !wanted.has(tileId));
    removed.forEach((tileId) => this.remove(tileId));
    const added: TileView[] = [];
    for (const info of infos) {
      const tile = this.tiles.get(info.tileId);
      if (tile) {
        this.update(tile, info);
      } else {
        added.push(this.add(info, savedRects[info.tileId]));
      }
    }
    return { added, removed };
  }

  raise(tile: TileView): void {
    this.tiles.delete(tile.tileId);
    this.tiles.set(tile.tileId, tile);
    tile.group.moveToTop();
    this.pageImages.append(tile.pageImage);
  }

  /** The topmost tile part under a world point at camera `scale`. */
  hitAt(world: Point, scale: number): TileHit | undefined {
    for (const tile of this.all().reverse()) {
      const target = tile.targetAt(world, scale);
      if (target) {
        return { tile, target };
      }
    }
    return undefined;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.tiles.forEach((tile) => tile.setTheme(theme));
  }

  dispose(): void {
    [...this.tiles.keys()].forEach((tileId) => this.remove(tileId));
  }

  private add(info: TileInfo, saved: TileRect | undefined): TileView {
    // The page's viewport is the truth for the size: 1 world unit stays 1 CSS pixel of the page.
    const size = { width: info.width, height: info.height };
    const occupied = this.all().map((tile) => tile.rect);
    const opener = info.openerId ? this.tiles.get(info.openerId)?.rect : undefined;
    const vacated = this.vacated.get(info.sessionId);
    this.vacated.delete(info.sessionId);
    const rect = saved ? { x: saved.x, y: saved.y, ...size } : vacated ? { x: vacated.x, y: vacated.y, ...size } : placeTile(size, occupied, opener);
    const tile = new TileView(info, rect, this.theme);
    this.tiles.set(info.tileId, tile);
    this.layer.add(tile.group);
    this.pageImages.append(tile.pageImage);
    return tile;
  }

  private update(tile: TileView, info: TileInfo): void {
    if (info.width !== tile.info.width || info.height !== tile.info.height) {
      // The page's viewport changed (a finished resize, or the browser itself): the tile follows.
      tile.setRect({ ...tile.rect, width: info.width, height: info.height });
    }
    tile.update(info);
  }

  private remove(tileId: string): void {
    const tile = this.tiles.get(tileId);
    this.tiles.delete(tileId);
    if (tile && !this.all().some((other) => other.info.sessionId === tile.info.sessionId)) {
      this.vacated.set(tile.info.sessionId, tile.rect);
    }
    tile?.dispose();
  }
}
