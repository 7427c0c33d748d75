// How a screencast frame travels over the frame socket (src/extension/canvas/frameSocket.ts) to the
// canvas's frame worker: one binary WebSocket message per frame,
//   [header length: u32 little-endian][header: JSON, UTF-8][the JPEG's bytes]
// so the JPEG is never turned into text and the worker hands it to the decoder as it came.

/** What a frame says besides its picture (the same fields as the `frame` host message). */
export interface FrameHeader {
  readonly tileId: string;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly sequence: number;
}

const LENGTH_BYTES = 4;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** A frame as one message; the JPEG is written by `writeJpeg` into the `jpegBytes` left for it. */
export function encodeFrame(header: FrameHeader, jpegBytes: number, writeJpeg: (into: Uint8Array) => void): Uint8Array {
  const headerBytes = utf8Encoder.encode(JSON.stringify(header));
  const message = new Uint8Array(LENGTH_BYTES + headerBytes.length + jpegBytes);
  new DataView(message.buffer).setUint32(0, headerBytes.length, true);
  message.set(headerBytes, LENGTH_BYTES);
  writeJpeg(message.subarray(LENGTH_BYTES + headerBytes.length));
  return message;
}

/** The header and JPEG of a message, or undefined for anything that is not a frame. */
export function decodeFrame(message: ArrayBuffer): (FrameHeader & { readonly data: Uint8Array }) | undefined {
  if (message.byteLength < LENGTH_BYTES) {
    return undefined;
  }
  const headerLength = new DataView(message).getUint32(0, true);
  if (headerLength > message.byteLength - LENGTH_BYTES) {
    return undefined;
  }
  try {
    const header = JSON.parse(utf8Decoder.decode(new Uint8Array(message, LENGTH_BYTES, headerLength))) as Partial<FrameHeader>;
    const { tileId, pageWidth, pageHeight, sequence } = header;
    if (typeof tileId !== 'string' || typeof pageWidth !== 'number' || typeof pageHeight !== 'number' || typeof sequence !== 'number') {
      return undefined;
    }
    return { tileId, pageWidth, pageHeight, sequence, data: new Uint8Array(message, LENGTH_BYTES + headerLength) };
  } catch {
    return undefined;
  }
}
