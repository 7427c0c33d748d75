import type { Page } from 'puppeteer-core';

/** An editor started for a test run, with our extension and the in-editor test runner installed. */
export interface RunningEditor {
  readonly description: string;
  /** The workbench page, where the editor is a web page (code-server). */
  readonly page?: Page;
  /** Starts a new extension host after the old one ended itself (the web workbench cannot restart it). */
  restartExtensionHost?(): Promise<void>;
  stop(): Promise<void>;
}
