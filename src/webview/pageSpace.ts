// Between world units and a page's own CSS pixels. A tile's page area (`rect`, world) shows the page's
// viewport (`pageViewport`, CSS px); the two differ only while a resize waits for frames of the new size.
import type { Point, Rect, Size } from './rect';

export interface PageArea {
  readonly rect: Rect;
  readonly pageViewport: Size;
}

export function worldToPage(area: PageArea, world: Point): Point {
  return {
    x: ((world.x - area.rect.x) * area.pageViewport.width) / area.rect.width,
    y: ((world.y - area.rect.y) * area.pageViewport.height) / area.rect.height,
  };
}

export function pageBoxToWorld(area: PageArea, box: Rect): Rect {
  const scaleX = area.rect.width / area.pageViewport.width;
  const scaleY = area.rect.height / area.pageViewport.height;
  return { x: area.rect.x + box.x * scaleX, y: area.rect.y + box.y * scaleY, width: box.width * scaleX, height: box.height * scaleY };
}
