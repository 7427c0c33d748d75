import * as path from 'node:path';
import * as vscode from 'vscode';
import { agentTools, AgentBrowser, DeveloperRecorders, DisposableStore, errorMessage, isLive, isOrigin, LogHub, originOf, Recordings, SessionLabels, SessionManager } from '../cdp';
import { RecordingActions, registerRecording } from './recording';
import { registerFlowFileCommands } from './flows/flowFileCommands';
import { FlowSecrets } from './flows/flowSecrets';
import { FlowsTreeProvider } from './flows/flowsTree';
import { FlowReplays, registerReplayCommand } from './flows/replayCommand';
import { registerTimelineCommands } from './flows/timelineCommands';
import { FlowVariableValues } from './flows/flowVariableValues';
import { chatHandler, registerChatParticipant } from './agent/chatParticipant';
import { Handoff, registerHandoff } from './agent/handoff';
import { registerLanguageModelTools } from './agent/lmTools';
import { registerToolsOnce } from './agent/toolDoors';
import { hostMcpServer } from './mcp/mcpServerHost';
import { connectAgent } from './mcp/connectAgent';
import { mirrorAgentRules } from './mcp/agentRulesMirror';
import { BrowserCanvasApi } from './api';
import { CanvasPanels } from './canvas/canvasPanel';
import { SessionResources } from './sessionResources';
import { saveDownloads } from './downloads';
import { commandRegistrar } from './commandErrors';
import { registerCommands, terminateSession } from './commands';
import { sessionById } from './sessionPick';
import { registerPageCommands } from './pageCommands';
import { registerDevtoolsFileCommands } from './devtoolsFileCommands';
import { outputChannelSink } from './outputChannelSink';
import { SessionsTreeProvider } from './sessionsTree';
import { registerSitePermissions } from './sitePermissions';
import { agentConfirmsActions, agentFeedback, agentOrigins, agentUploadFolders, flowsFolder, launchSettings, readSettings, timelineEntries } from './settings';

let owned: DisposableStore | undefined;

export function activate(context: vscode.ExtensionContext): BrowserCanvasApi {
  const store = (owned = new DisposableStore());
  const channel = vscode.window.createOutputChannel('Browser Canvas', { log: true });
  const storageDir = context.globalStorageUri.fsPath;
  const logs = new LogHub(path.join(storageDir, 'logs'), outputChannelSink(channel));
  const manager = new SessionManager({ storageDir, logs, settings: () => launchSettings(context.globalState) });
  const recordings = new Recordings(manager);
  const resources = new SessionResources(context, manager, logs, recordings);
  const sessionsTree = new SessionsTreeProvider(manager, resources);
  const flows = new FlowsTreeProvider(() => flowsFolder(storageDir));
  const secrets = new FlowSecrets(context.secrets, context.globalState);
  const variableValues = new FlowVariableValues(context.workspaceState);
  const agent = new AgentBrowser(manager, logs, { feedback: agentFeedback, origins: agentOrigins, uploadFolders: agentUploadFolders, secret: (name, origin) => secrets.get(name, origin), flows: () => flows.library, timelineEntries });
  // Order matters on the way out (last added goes first): agent actions are cancelled, the tree stops
  // listening, then connections drop, then logs close.
  store.add(channel);
  store.add(logs);
  store.add(manager);
  store.add(sessionsTree);
  store.add(resources);
  store.add(new SessionLabels(manager));
  store.add(agent); // before the manager goes: actions in flight are cancelled first
  store.add(new DeveloperRecorders(manager, agent.timeline, logs));
  store.add(recordings);
  store.add(flows);
  store.add(vscode.window.createTreeView('browserCanvas.sessions', { treeDataProvider: sessionsTree, showCollapseAll: false }));
  store.add(vscode.window.createTreeView('browserCanvas.flows', { treeDataProvider: flows, showCollapseAll: false }));
  const mcpServer = hostMcpServer(agent, storageDir, String(context.extension.packageJSON.version), channel);
  const handoff = new Handoff(manager, agent.control, () => mcpServer.clientNames());
  const recordingActions = new RecordingActions(manager, recordings, flows, secrets, variableValues);
  const canvas = new CanvasPanels(context, manager, agent, recordings, channel, resources, {
    handoff: (sessionId, to) => (to === 'agent' ? handoff.handToAgent(sessionId).then(() => undefined) : handoff.takeBack(sessionId)),
    // The close button of a page-less tile asks first; the last page's close has asked already.
    terminate: (sessionId, confirmed) => terminateSession(manager, sessionById(manager, sessionId), confirmed),
    record: (sessionId, pageId, start) => (start ? recordingActions.start(sessionId, pageId) : recordingActions.stop(sessionId).then(() => undefined)),
  });
  resources.followFocus(canvas.focus);
  store.add(agent.onDidStep(({ sessionId }) => resources.hibernation.used(sessionId)));
  const focusedOrigin = () => {
    const origin = originOf(canvas.focus.page()?.info.url ?? '');
    return isOrigin(origin) ? origin : undefined;
  };
  const replays = new FlowReplays(agent, variableValues, canvas.focus);
  const chat = chatHandler(agent, canvas.focus, path.join(storageDir, 'logs'));
  const registrations = [
    ...registerCommands(manager, channel),
    ...resources.register(manager, channel),
    ...canvas.register(),
    ...registerPageCommands(agent, canvas.focus, path.join(storageDir, 'screenshots'), channel),
    ...registerDevtoolsFileCommands(manager, agent.timeline, canvas.focus, String(context.extension.packageJSON.version), channel),
    saveDownloads(manager, channel),
    ...registerSitePermissions(manager, focusedOrigin, channel),
    registerToolsOnce(() => registerLanguageModelTools(agent, agentTools, agentConfirmsActions), channel),
    ...registerHandoff(manager, agent.control, handoff, canvas.focus),
    registerChatParticipant(chat),
    ...registerRecording(manager, recordings, recordingActions, canvas.focus),
    registerReplayCommand(replays, flows),
    ...registerTimelineCommands(manager, agent.timeline, recordingActions, replays, canvas.focus, channel),
    mcpServer,
    mirrorAgentRules(storageDir, channel),
    commandRegistrar(channel)('connectAgent', () => connectAgent(context)),
    ...registerFlowFileCommands(flows, secrets, channel),
  ];
  for (const disposable of registrations) {
    store.add(disposable);
  }
  store.add(canvas);
  // The views show once their trees and commands are registered: Theia (1.74.1) gives a view that
  // shows before its tree a welcome-only widget it never replaces, so no session would be listed.
  void vscode.commands.executeCommand('setContext', 'browserCanvas.activated', true);

  const ready = vscode.window
    .withProgress({ location: vscode.ProgressLocation.Window, title: 'Browser Canvas: re-attaching sessions' }, async () => {
      const { adopted, dead } = await manager.adoptExisting();
      if (adopted.length || dead.length) {
        channel.info(`Re-attached ${adopted.length} session(s); ${dead.length} no longer running.`);
      }
      await openOnStartup(manager, channel, canvas);
    })
    .then(undefined, (error: unknown) => {
      channel.error(`Could not re-attach sessions: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Browser Canvas: could not re-attach sessions: ${errorMessage(error)}`);
    });
  // Not `secrets` itself: other extensions may store and forget, never read.
  const flowSecrets = { set: secrets.set.bind(secrets), forget: secrets.forget.bind(secrets), list: secrets.list.bind(secrets) };
  return { manager, sessionsTree, agent, chat, flows, flowSecrets, ready: Promise.resolve(ready) };
}

/** `browserCanvas.openOnStartup`: a session on that page, unless one is already alive, shown on the canvas. */
async function openOnStartup(manager: SessionManager, channel: vscode.LogOutputChannel, canvas: CanvasPanels): Promise<void> {
  const url = readSettings().openOnStartup;
  if (!url) {
    return;
  }
  const alive = manager.list().some(isLive);
  if (!alive) {
    const record = await manager.create({ url, headless: true });
    channel.info(`Opened ${url} in session ${record.label} (${record.id}), as browserCanvas.openOnStartup asks.`);
  }
  await canvas.ensureOpen();
}

/** Disconnects from every browser and leaves them running: sessions outlive the editor. */
export function deactivate(): void {
  owned?.dispose();
  owned = undefined;
}
