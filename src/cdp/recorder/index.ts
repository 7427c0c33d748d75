export { FlowFormatError, FlowStep, parseFlow, UserFlow } from './flowSchema';
export { FlowReplayError, replayFlow, ReplayOptions } from './flowReplay';
export { Recordings } from './recordings';
export { Selector, selectorsFor } from './selectorGenerator';
