import * as assert from 'node:assert/strict';
import { pageBoxToWorld, PageArea, worldToPage } from '../../src/webview/pageSpace';
import { visibleTiles } from '../../src/webview/visibility';

// A tile's page area on the canvas (world units) and the page's own viewport (CSS px).
const AREAS: ReadonlyArray<readonly [string, PageArea]> = [
  ['at actual size', { rect: { x: 100, y: 50, width: 1280, height: 800 }, pageViewport: { width: 1280, height: 800 } }],
  ['drawn at half size', { rect: { x: -640, y: 0, width: 640, height: 400 }, pageViewport: { width: 1280, height: 800 } }],
  ['while a resize waits for frames', { rect: { x: 0, y: 0, width: 1024, height: 768 }, pageViewport: { width: 1280, height: 800 } }],
];

describe('page space', () => {
  for (const [what, area] of AREAS) {
    it(`maps the page's corners and middle onto the tile ${what}, and back`, () => {
      for (const [px, py] of [[0, 0], [area.pageViewport.width, area.pageViewport.height], [area.pageViewport.width / 2, area.pageViewport.height / 2]]) {
        const world = pageBoxToWorld(area, { x: px, y: py, width: 0, height: 0 });
        const page = worldToPage(area, world);
        assert.ok(Math.abs(page.x - px) < 1e-9 && Math.abs(page.y - py) < 1e-9, `${px},${py} came back as ${page.x},${page.y}`);
      }
      const whole = pageBoxToWorld(area, { x: 0, y: 0, ...area.pageViewport });
      assert.deepEqual(whole, area.rect, 'the whole viewport is the whole page area');
    });
  }
});

describe('visible tiles', () => {
  const tiles = [
    { tileId: 'left', rect: { x: 0, y: 0, width: 1280, height: 800 } },
    { tileId: 'right', rect: { x: 1400, y: 0, width: 1280, height: 800 } },
    { tileId: 'far', rect: { x: 10_000, y: 10_000, width: 800, height: 600 } },
  ];
  // [camera, screen size, pixel ratio, focused tile, what streams: tile -> device pixels and focus]
  const TABLE = [
    [{ x: 0, y: 0, scale: 1 }, { width: 1300, height: 900 }, 1, 'left', { left: [1280, 800, true] }],
    [{ x: 0, y: 0, scale: 0.5 }, { width: 1400, height: 900 }, 2, 'right', { left: [1280, 800, false], right: [1280, 800, true] }],
    [{ x: 0, y: 0, scale: 0.25 }, { width: 1400, height: 900 }, 1, undefined, { left: [320, 200, false], right: [320, 200, false] }],
    [{ x: 9800, y: 9800, scale: 1 }, { width: 1000, height: 900 }, 1.5, 'left', { far: [1200, 900, false] }],
    [{ x: 5000, y: 5000, scale: 1 }, { width: 1000, height: 900 }, 1, 'left', {}],
  ] as const;
  for (const [camera, screen, pixelRatio, focused, expected] of TABLE) {
    it(`streams ${Object.keys(expected).join(', ') || 'nothing'} at scale ${camera.scale}, pixel ratio ${pixelRatio}, camera at ${camera.x},${camera.y}`, () => {
      const visible = visibleTiles(tiles, camera, screen, pixelRatio, focused);
      assert.deepEqual(Object.fromEntries(visible.map((tile) => [tile.tileId, [tile.width, tile.height, tile.focused]])), expected);
    });
  }
});
