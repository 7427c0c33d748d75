export { AgentBrowser, AgentBrowserOptions, FlowReplayOptions, SessionStep } from './agentBrowser';
export { AgentControl, HandoffNote } from './agentControl';
export { AgentError, AgentErrorCode, isAgentError } from './agentError';
export { AgentStep, FeedbackMode } from './agentPage';
export { agentTools, AgentTool, findTool, parseToolInput, ToolOutput } from './agentTools';
export { flowLibraryOf } from './flowTools';
export { OriginRules } from './originPolicy';
export { ToolName } from './toolInputs';
export { fenceUntrusted, toolErrorText } from './toolResultText';
