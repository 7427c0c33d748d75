export { ActionToConfirm, ConfirmAnswer, ConfirmationOptions } from './actionConfirmation';
export { endpointFilePath, McpEndpoint, publishEndpoint, readEndpoint } from './endpointFile';
export { McpHttpServer } from './mcpHttpServer';
export { createMcpServer, MCP_SERVER_NAME } from './mcpServer';
export { AgentRules, saveAgentRules } from './agentRulesFile';
