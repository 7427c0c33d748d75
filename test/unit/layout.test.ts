import * as assert from 'node:assert/strict';
import { cameraAtActualSize, cameraShowing, fitRects, nearestToMiddle, panBy, screenToWorld, wheelZoomFactor, worldRectToScreen, worldToScreen, zoomAt } from '../../src/webview/camera';
import type { Camera } from '../../src/contract/protocol';
import { placeTile, TILE_GAP } from '../../src/webview/layout';
import type { Rect } from '../../src/webview/rect';
import { HEADER_HEIGHT } from '../../src/contract/limits';

const size = { width: 1280, height: 800 };
const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width + TILE_GAP && b.x < a.x + a.width + TILE_GAP && a.y - HEADER_HEIGHT < b.y + b.height + TILE_GAP && b.y - HEADER_HEIGHT < a.y + a.height + TILE_GAP;

describe('tile placement', () => {
  it('puts new windows in a square-ish grid, so zoom to fit shows them all at a useful size', () => {
    const placed: Rect[] = [];
    for (let i = 0; i < 8; i++) {
      placed.push(placeTile(size, placed));
    }
    placed.forEach((a, i) => placed.slice(i + 1).forEach((b) => assert.ok(!overlaps(a, b), `tiles ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`)));
    const width = Math.max(...placed.map((r) => r.x + r.width)) - Math.min(...placed.map((r) => r.x));
    const height = Math.max(...placed.map((r) => r.y + r.height)) - Math.min(...placed.map((r) => r.y - HEADER_HEIGHT));
    // Fitted into a 1920x1136 view, each 1280 px tile is then at least 500 px wide (a row of eight: 145).
    const scale = Math.min(1920 / width, 1136 / height);
    assert.ok(1280 * scale >= 500, `eight tiles fit at ${Math.round(1280 * scale)} px each (${width} x ${height} world)`);
  });

  it('opens a popup to the right of its opener, below whatever is already there', () => {
    const opener = { x: 0, y: 0, ...size };
    const neighbour = { x: 1280 + TILE_GAP, y: 0, width: 800, height: 600 };
    const popup = placeTile({ width: 500, height: 400 }, [opener, neighbour], opener);
    assert.equal(popup.x, 1280 + TILE_GAP);
    assert.ok(popup.y >= 600 + TILE_GAP, `below the neighbour: ${popup.y}`);
    assert.ok(!overlaps(popup, neighbour) && !overlaps(popup, opener));
  });
});

describe('bringing new tiles into view', () => {
  const viewport = { width: 1000, height: 700 };
  const insets = { top: 64, side: 32 };
  const camera = { x: 0, y: 0, scale: 0.5 }; // shows world 0..2000 x 0..1400
  const rows: [string, Rect[], 'stays' | 'moves'][] = [
    ['a tile well inside the view', [{ x: 100, y: 200, width: 800, height: 600 }], 'stays'],
    ['a tile under the toolbar strip', [{ x: 100, y: 50, width: 800, height: 600 }], 'moves'],
    ['a tile past the right edge', [{ x: 1500, y: 200, width: 800, height: 600 }], 'moves'],
    ['a tile far away', [{ x: 9000, y: 9000, width: 800, height: 600 }], 'moves'],
    ['an opener in view and its popup beside it, off screen', [{ x: 100, y: 200, width: 800, height: 600 }, { x: 1300, y: 200, width: 800, height: 600 }], 'moves'],
  ];
  for (const [what, rects, expected] of rows) {
    it(`${what}: the view ${expected}`, () => {
      const moved = cameraShowing(rects, camera, viewport, insets);
      assert.equal(moved ? 'moves' : 'stays', expected);
      if (moved) {
        // Every rect is inside the new view, clear of the toolbar strip.
        for (const rect of rects) {
          assert.ok(rect.x >= moved.x + insets.side / moved.scale - 1e-6 && (rect.x + rect.width - moved.x) * moved.scale <= viewport.width - insets.side + 1e-6, JSON.stringify({ rect, moved }));
          assert.ok(rect.y >= moved.y + insets.top / moved.scale - 1e-6 && (rect.y + rect.height - moved.y) * moved.scale <= viewport.height - insets.side + 1e-6, JSON.stringify({ rect, moved }));
        }
      }
    });
  }
});

describe('zoom', () => {
  const viewport = { width: 1200, height: 800 };
  const insets = { top: 64, side: 32 };
  const onScreen = (camera: Camera, rect: Rect) => {
    const screen = worldRectToScreen(camera, rect);
    return screen.x >= insets.side && screen.y >= insets.top && screen.x + screen.width <= viewport.width - insets.side && screen.y + screen.height <= viewport.height - insets.side;
  };

  it('at 100 % (`0`) shows the tile in use whole where it fits, else from its top-left corner, never cut off at the top or left', () => {
    const zoomedOut = { x: -500, y: -300, scale: 0.3 };
    const small = { x: 2000, y: 1500, width: 800, height: 500 };
    const atSmall = cameraAtActualSize(zoomedOut, viewport, insets, small);
    assert.equal(atSmall.scale, 1);
    assert.ok(onScreen(atSmall, small), 'a tile that fits is shown whole');
    const large = { x: -900, y: 40, width: 1920, height: 1080 };
    const atLarge = cameraAtActualSize(zoomedOut, viewport, insets, large);
    assert.deepEqual(worldToScreen(atLarge, large), { x: insets.side, y: insets.top }, 'a tile that does not fit starts at the top-left, clear of the toolbar');
    // Around the middle of the view (the old `0`), the same large tile's top-left corner was off screen.
    const aroundMiddle = zoomAt(zoomedOut, { x: viewport.width / 2, y: viewport.height / 2 }, 1);
    assert.ok(worldToScreen(aroundMiddle, large).x < 0);
    assert.equal(cameraAtActualSize(zoomedOut, viewport, insets, undefined).scale, 1);
  });

  it('picks the tile nearest the middle of the view', () => {
    const camera = { x: 0, y: 0, scale: 0.5 }; // the middle is world (1200, 800)
    const tiles = [{ x: 0, y: 0, width: 400, height: 300 }, { x: 1000, y: 600, width: 400, height: 300 }, { x: 3000, y: 0, width: 400, height: 300 }];
    assert.equal(nearestToMiddle(tiles, (tile) => tile, camera, viewport), tiles[1]);
    assert.equal(nearestToMiddle([], (tile: Rect) => tile, camera, viewport), undefined);
  });

  it('with Ctrl+wheel, steps gently per mouse notch and follows a pinch continuously', () => {
    const table: Array<[what: string, deltaY: number, deltaMode: number, factor: number]> = [
      ['one notch in (Chromium: -100 px)', -100, 0, 1.1],
      ['one notch out', 100, 0, 1 / 1.1],
      ['a notch of 120 px', -120, 0, 1.1 ** 1.2],
      ['one line (Firefox)', -3, 1, 1.1],
      ['a pinch step', -4.5, 0, Math.exp(0.045)],
      ['a tiny pinch step', 0.8, 0, Math.exp(-0.008)],
    ];
    for (const [what, deltaY, deltaMode, factor] of table) {
      assert.ok(Math.abs(wheelZoomFactor(deltaY, deltaMode) - factor) < 1e-9, `${what}: ${wheelZoomFactor(deltaY, deltaMode)} for ${factor}`);
    }
    assert.ok(wheelZoomFactor(-100, 0) < 1.15, 'a notch no longer jumps 1.65x');
  });
});

describe('camera math', () => {
  const viewport = { width: 1000, height: 600 };
  const insets = { top: 40, side: 20 };
  const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, expected ${expected}`);

  // Zooming at a point keeps the world point under it where it is, whatever the camera and the scale asked.
  for (const [camera, at, scale, expectedScale] of [
    [{ x: 0, y: 0, scale: 1 }, { x: 500, y: 300 }, 2, 2],
    [{ x: -300, y: 120, scale: 0.5 }, { x: 0, y: 0 }, 0.25, 0.25],
    [{ x: 40, y: 40, scale: 1 }, { x: 999, y: 599 }, 100, 8], // clamped to the largest scale
    [{ x: 40, y: 40, scale: 1 }, { x: 10, y: 590 }, 0.001, 0.05], // and to the smallest
  ] as const) {
    it(`zooms to ${scale} at (${at.x}, ${at.y}) keeping that point still (scale ${expectedScale})`, () => {
      const zoomed = zoomAt(camera, at, scale);
      assert.equal(zoomed.scale, expectedScale);
      const before = screenToWorld(camera, at);
      const after = worldToScreen(zoomed, before);
      close(after.x, at.x, 'x');
      close(after.y, at.y, 'y');
    });
  }

  for (const [delta, scale] of [[{ x: 100, y: -50 }, 1], [{ x: -30, y: 30 }, 0.25]] as const) {
    it(`pans by (${delta.x}, ${delta.y}) screen px at scale ${scale}: the content follows the pointer`, () => {
      const camera = { x: 10, y: 20, scale };
      const world = { x: 300, y: 200 };
      const before = worldToScreen(camera, world);
      const after = worldToScreen(panBy(camera, delta), world);
      close(after.x - before.x, delta.x, 'x');
      close(after.y - before.y, delta.y, 'y');
    });
  }

  for (const [what, rects, expectedScale] of [
    ['one small tile: at 100 %, never zoomed in past it', [{ x: 100, y: 100, width: 400, height: 300 }], 1],
    ['tiles wider than the view: zoomed out to the width left between the sides', [{ x: 0, y: 0, width: 1920, height: 200 }, { x: 1940, y: 0, width: 1920, height: 200 }], (1000 - 40) / 3860],
    ['a tall tile: zoomed out to the height left under the toolbar', [{ x: 0, y: 0, width: 200, height: 2000 }], (600 - 60) / 2000],
  ] as const) {
    it(`fits ${what}, centred clear of the insets`, () => {
      const camera = fitRects(rects, viewport, insets)!;
      close(camera.scale, expectedScale, 'scale');
      const left = Math.min(...rects.map((rect) => rect.x));
      const right = Math.max(...rects.map((rect) => rect.x + rect.width));
      const top = Math.min(...rects.map((rect) => rect.y));
      const bottom = Math.max(...rects.map((rect) => rect.y + rect.height));
      const topLeft = worldToScreen(camera, { x: left, y: top });
      const bottomRight = worldToScreen(camera, { x: right, y: bottom });
      close(topLeft.x - insets.side, viewport.width - insets.side - bottomRight.x, 'left and right margins');
      close(topLeft.y - insets.top, viewport.height - insets.side - bottomRight.y, 'top and bottom margins');
      assert.ok(topLeft.x >= insets.side - 1e-9 && topLeft.y >= insets.top - 1e-9, 'clear of the insets');
    });
  }

  it('fits nothing when there is no tile', () => {
    assert.equal(fitRects([], viewport, insets), undefined);
  });
});
