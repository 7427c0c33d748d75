// The frame worker's bundle as text, put in by esbuild.mjs: a webview starts workers from blob: URLs.
declare module 'frame-worker-source' {
  const source: string;
  export default source;
}
