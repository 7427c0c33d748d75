export { FlowFormatError, FlowStep, parseFlow, UserFlow } from './flowSchema';
export { Recordings } from './recordings';
export { Selector, selectorsFor } from './selectorGenerator';
