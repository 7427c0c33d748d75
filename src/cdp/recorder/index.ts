export { FlowFormatError, FlowStep, parseFlow, UserFlow } from './flowSchema';
export { FlowReplayError, replayFlow, ReplayOptions } from './flowReplay';
export { FlowPlaceholders, originAt, PLACEHOLDER_NAME, placeholdersOf, RecordedValue, recordedValues, withPlaceholders } from './flowPlaceholders';
export { Recordings } from './recordings';
export { Selector, selectorsFor } from './selectorGenerator';
export { FlowEntry, FlowLibrary } from './flowLibrary';
export { puppeteerScript } from './flowExport';
