/**
 * What DevTools' Performance panel records (its TimelineController): the timeline, frames, stacks,
 * the JavaScript sampler, loading, user timings and console marks, screenshots for the film strip,
 * and `toplevel` for the main thread's tasks (long tasks, busy time).
 */
export const PERFORMANCE_CATEGORIES = [
  '-*',
  'toplevel',
  'blink.console',
  'blink.user_timing',
  'devtools.timeline',
  'latencyInfo',
  'loading',
  'v8',
  'v8.execute',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'disabled-by-default-devtools.timeline.stack',
  'disabled-by-default-devtools.screenshot',
  'disabled-by-default-v8.cpu_profiler',
];
