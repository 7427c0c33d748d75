import { boxModelOf } from '../target/boxModel';
import type { CdpClient } from '../target/cdpChannel';

/** The crop's longer side, in CSS pixels at most: enough to recognise a button or a field, a few KB. */
const LONGER_SIDE = 320;
/** A crop larger than this (a busy picture at a high device scale) is left out: the note still has its words and selectors. */
export const MAX_CROP_BYTES = 64 * 1024;
const JPEG_QUALITY = 70;

/**
 * A small JPEG of an element as the page shows it now: its visible part, scaled down so the longer side
 * is at most LONGER_SIDE, one capture. Undefined when it shows nothing (no box, off screen, gone
 * meanwhile) or is too large; a failed capture is the pick's failure, said as it is.
 */
export async function elementCrop(client: CdpClient, backendNodeId: number): Promise<Buffer | undefined> {
  const model = await boxModelOf(client, backendNodeId);
  if (!model) {
    return undefined;
  }
  const xs = [model.border[0], model.border[2], model.border[4], model.border[6]];
  const ys = [model.border[1], model.border[3], model.border[5], model.border[7]];
  const { cssLayoutViewport: view } = await client.send('Page.getLayoutMetrics');
  const left = Math.max(Math.min(...xs), 0);
  const top = Math.max(Math.min(...ys), 0);
  const width = Math.min(Math.max(...xs), view.clientWidth) - left;
  const height = Math.min(Math.max(...ys), view.clientHeight) - top;
  if (width < 1 || height < 1) {
    return undefined;
  }
  const scale = Math.min(1, LONGER_SIDE / Math.max(width, height));
  // The box is in viewport pixels; the clip is in the document's, so the scroll offset goes on top.
  const clip = { x: left + view.pageX, y: top + view.pageY, width, height, scale };
  const { data } = await client.send('Page.captureScreenshot', { format: 'jpeg', quality: JPEG_QUALITY, clip });
  const picture = Buffer.from(data, 'base64');
  return picture.length <= MAX_CROP_BYTES ? picture : undefined;
}
