import * as assert from 'node:assert/strict';
import { cameraShowing } from '../../src/webview/camera';
import { placeTile, TILE_GAP } from '../../src/webview/layout';
import type { Rect } from '../../src/webview/rect';
import { HEADER_HEIGHT } from '../../src/webview/limits';

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
