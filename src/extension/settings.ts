import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_TIMELINE_ENTRIES, FeedbackMode, OriginRules, parseSitePermissions, SitePermissions } from '../cdp';
import { FRAME_TRANSPORTS, FrameTransport } from '../contract/protocol';

export interface Settings {
  readonly browserPath?: string;
  readonly logNetwork: boolean;
  readonly allowRemoteEndpoints: boolean;
  readonly openOnStartup?: string;
  /** For browsers launched from now on; 0: match the screen the canvas was last shown on. */
  readonly deviceScaleFactor: number;
  /** Only the origins whose entry is valid; the rest are reported by readSitePermissions. */
  readonly sitePermissions: SitePermissions;
}

/** Where the canvas keeps the devicePixelRatio of the screen it was last shown on. */
export const SCREEN_PIXEL_RATIO_KEY = 'browserCanvas.screenPixelRatio';

/** The `browserCanvas.*` settings, read fresh each time so a change applies to the next action. */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('browserCanvas');
  return {
    browserPath: config.get<string>('browserPath')?.trim() || undefined,
    logNetwork: config.get<boolean>('logNetwork', false),
    allowRemoteEndpoints: config.get<boolean>('allowRemoteEndpoints', false),
    openOnStartup: config.get<string>('openOnStartup')?.trim() || undefined,
    deviceScaleFactor: config.get<number>('deviceScaleFactor', 0),
    sitePermissions: readSitePermissions(config).rules,
  };
}

/** The valid entries of browserCanvas.sitePermissions, and what is wrong with the others. */
export function readSitePermissions(config = vscode.workspace.getConfiguration('browserCanvas')): { rules: SitePermissions; problems: string[] } {
  const { rules, problems } = parseSitePermissions(config.get<unknown>('sitePermissions', {}));
  return { rules, problems: problems.map((problem) => `browserCanvas.sitePermissions: ${problem}`) };
}

/** What a browser launched now runs with: the setting, or else the screen the canvas last saw. */
export function launchSettings(globalState: vscode.Memento) {
  const settings = readSettings();
  const factor = settings.deviceScaleFactor || globalState.get<number>(SCREEN_PIXEL_RATIO_KEY, 1);
  // A hand-edited setting may be anything; Chromium's flag wants a sane positive number.
  return { ...settings, deviceScaleFactor: Number.isFinite(factor) ? Math.min(4, Math.max(0.5, factor)) : 1 };
}

function feedbackMode(section: string): FeedbackMode {
  const mode = vscode.workspace.getConfiguration(section).get<string>('feedback');
  return mode === 'guided' || mode === 'execution' ? mode : 'demonstration';
}

/** How the agent shows its actions on the canvas (browserCanvas.agent.feedback). */
export const agentFeedback = () => feedbackMode('browserCanvas.agent');

/** How a flow the developer replays shows on the canvas (browserCanvas.replay.feedback). */
export const replayFeedback = () => feedbackMode('browserCanvas.replay');

/** Where flows live: browserCanvas.flowsFolder in the first workspace folder, else the extension's storage. */
export function flowsFolder(globalStorageDir: string): string {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  const relative = vscode.workspace.getConfiguration('browserCanvas').get<string>('flowsFolder')?.trim() || '.browser-canvas/flows';
  return workspace?.scheme === 'file' ? path.resolve(workspace.fsPath, relative) : path.join(globalStorageDir, 'flows');
}

/** How many entries each session's timeline keeps (browserCanvas.timeline.maxEntries). */
export function timelineEntries(): number {
  return vscode.workspace.getConfiguration('browserCanvas.timeline').get<number>('maxEntries') ?? DEFAULT_TIMELINE_ENTRIES;
}

/** Where the agent may take pages (browserCanvas.agent.allowedOrigins / deniedOrigins). */
export function agentOrigins(): OriginRules {
  const config = vscode.workspace.getConfiguration('browserCanvas.agent');
  const list = (key: string) => (config.get<unknown[]>(key) ?? []).filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '');
  return { allowed: list('allowedOrigins'), denied: list('deniedOrigins'), allowFiles: config.get<boolean>('allowFileUrls') === true };
}

/**
 * The folders upload_file may take files from (browserCanvas.agent.uploadFolders): the setting's
 * folders (relative ones from the first workspace folder), or by default the workspace folders.
 */
export function agentUploadFolders(): string[] {
  const configured = vscode.workspace.getConfiguration('browserCanvas.agent').get<unknown>('uploadFolders');
  const workspace = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
  if (!Array.isArray(configured)) {
    return workspace;
  }
  const folders = configured.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '');
  return workspace.length ? folders.map((folder) => path.resolve(workspace[0], folder)) : folders.filter((folder) => path.isAbsolute(folder));
}

/** Whether the editor asks before each agent action that changes a page (browserCanvas.agent.confirmActions). */
export function agentConfirmsActions(): boolean {
  return vscode.workspace.getConfiguration('browserCanvas.agent').get<boolean>('confirmActions', true);
}

/** How frames travel to the canvas webview (browserCanvas.frameTransport); npm run bench measures each. */
export function frameTransport(): FrameTransport {
  const chosen = vscode.workspace.getConfiguration('browserCanvas').get<string>('frameTransport');
  return FRAME_TRANSPORTS.find((transport) => transport === chosen) ?? 'socket';
}

/** The resource policy (browserCanvas.resourcePolicy): focus first, unless the developer turned it off. */
export function resourcePolicyEnabled(): boolean {
  return vscode.workspace.getConfiguration('browserCanvas').get<boolean>('resourcePolicy', true);
}
