export { DeveloperRecorders } from './developerRecorder';
export { DEFAULT_TIMELINE_ENTRIES, Timelines, TIMELINE_FILE } from './timelines';
export { HandOverAction, isHandOver, TimelineEntry } from './timelineEntry';
export { entryLine } from './historyText';
export { entriesInRange, timelineFlow, TimelineRange } from './timelineFlow';
