import * as vscode from 'vscode';

export interface Settings {
  readonly browserPath?: string;
  readonly logNetwork: boolean;
  readonly allowRemoteEndpoints: boolean;
  readonly openOnStartup?: string;
}

/** The `browserCanvas.*` settings, read fresh each time so a change applies to the next action. */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('browserCanvas');
  return {
    browserPath: config.get<string>('browserPath')?.trim() || undefined,
    logNetwork: config.get<boolean>('logNetwork', false),
    allowRemoteEndpoints: config.get<boolean>('allowRemoteEndpoints', false),
    openOnStartup: config.get<string>('openOnStartup')?.trim() || undefined,
  };
}
