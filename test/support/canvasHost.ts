import type { CanvasHost } from '../../src/canvasHost/canvasController';

/** A canvas host that does nothing, but what a test gives it to do. */
export function stubCanvasHost(parts: Partial<CanvasHost>): CanvasHost {
  return {
    post: () => undefined,
    readClipboard: async () => '',
    writeClipboard: async () => undefined,
    runCommand: () => undefined,
    pickFiles: async () => undefined,
    loadLayout: () => undefined,
    saveLayout: () => undefined,
    handoff: async () => undefined,
    confirmCloseLastPage: async () => undefined,
    terminate: async () => undefined,
    record: async () => undefined,
    frameTransport: () => 'binary',
    setScreenPixelRatio: () => undefined,
    warn: () => undefined,
    ...parts,
  };
}
