import * as vscode from 'vscode';
import { BrowserCanvasError, COMMON_PERMISSIONS, isOrigin, parseSitePermissions, PermissionSetting, SessionManager } from '../cdp';
import { readSitePermissions } from './settings';
import { inputBox, quickPick } from './prompts';

export interface SitePermissionArgs {
  readonly origin: string;
  readonly permission: string;
  readonly setting: PermissionSetting;
}

const SETTING_LABELS: Record<PermissionSetting, string> = { granted: 'Allow', denied: 'Block', prompt: 'Ask (the page is denied: no prompt can show)' };

/**
 * Browser Canvas: Site Permissions… — what the focused tile's site (or any origin) may use. Decisions
 * go to the browserCanvas.sitePermissions setting, which every session applies at once and again at
 * each connection. Arguments skip the questions (for keybindings and tests).
 */
export function registerSitePermissions(manager: SessionManager, focusedOrigin: () => string | undefined, channel: vscode.LogOutputChannel): vscode.Disposable[] {
  const reportProblems = () => readSitePermissions().problems.forEach((problem) => channel.warn(problem));
  reportProblems();
  return [
    vscode.commands.registerCommand('browserCanvas.sitePermissions', async (args?: SitePermissionArgs) => {
      const decision = args ?? (await askDecision(focusedOrigin()));
      if (!decision) {
        return;
      }
      const [problem] = parseSitePermissions({ [decision.origin]: { [decision.permission]: decision.setting } }).problems;
      if (problem) {
        throw new BrowserCanvasError('INVALID_ARGUMENT', `Not a site permission: ${problem}.`, 'Give an origin, a permission name and granted, denied or prompt.');
      }
      const config = vscode.workspace.getConfiguration('browserCanvas');
      const current = readSitePermissions(config).rules;
      const next = { ...current, [decision.origin]: { ...current[decision.origin], [decision.permission]: decision.setting } };
      await config.update('sitePermissions', next, vscode.ConfigurationTarget.Global);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('browserCanvas.sitePermissions')) {
        reportProblems();
        await manager.applySitePermissions();
      }
    }),
  ];
}

async function askDecision(focused: string | undefined): Promise<SitePermissionArgs | undefined> {
  const origin = await inputBox({
    title: 'Site Permissions',
    prompt: 'For which origin?',
    value: focused ?? '',
    placeHolder: 'https://example.com',
    validateInput: (value) => (isOrigin(value.trim()) ? undefined : 'An origin: scheme, host and port, such as https://example.com'),
  });
  if (!origin) {
    return undefined;
  }
  const rules = readSitePermissions().rules[origin.trim()] ?? {};
  const permission = await quickPick(
    COMMON_PERMISSIONS.map((name) => ({ label: name, description: rules[name] ? SETTING_LABELS[rules[name]] : undefined })),
    { title: `Site Permissions: ${origin}`, placeHolder: 'Which permission?' },
  );
  if (!permission) {
    return undefined;
  }
  const setting = await quickPick(
    (Object.keys(SETTING_LABELS) as PermissionSetting[]).map((value) => ({ label: SETTING_LABELS[value], value })),
    { title: `${permission.label} for ${origin}` },
  );
  return setting && { origin: origin.trim(), permission: permission.label, setting: setting.value };
}
