import * as vscode from 'vscode';
import type { LogLineSink } from '../cdp';

const FIELDS_SHOWN_ELSEWHERE = new Set(['level', 'time', 'msg', 'sessionId', 'pid', 'hostname']);

/** Shows pino's JSON lines in the editor's log output channel, at their own level. */
export function outputChannelSink(channel: vscode.LogOutputChannel): LogLineSink {
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        channel.info(line.trim());
        return;
      }
      const fields = Object.entries(entry).filter(([key]) => !FIELDS_SHOWN_ELSEWHERE.has(key));
      const detail = fields.length ? ` ${JSON.stringify(Object.fromEntries(fields))}` : '';
      const text = `${entry.sessionId ? `[${String(entry.sessionId)}] ` : ''}${String(entry.msg ?? '')}${detail}`;
      const level = Number(entry.level);
      if (level >= 50) {
        channel.error(text);
      } else if (level >= 40) {
        channel.warn(text);
      } else if (level >= 30) {
        channel.info(text);
      } else {
        channel.debug(text);
      }
    },
  };
}
