import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { FlowFormatError, parseFlow, UserFlow } from './flowSchema';
import { FlowPlaceholders, placeholdersOf } from './flowPlaceholders';
import { plainTitle, titledForOtherRunners } from './flowTitleNote';

/** A flow file as the Flows tree and the agent's list_flows show it. */
export interface FlowEntry {
  /** The file's name without `.json`: how commands, chat and the agent name the flow. */
  readonly name: string;
  readonly file: string;
  readonly flow?: UserFlow;
  readonly needs?: FlowPlaceholders;
  /** Why the file cannot be replayed (FlowFormatError's message). */
  readonly problem?: string;
}

/**
 * The folder of flow files (Chrome DevTools Recorder JSON): listed, read with a clear error, saved
 * beside the others without ever writing over one, removed. Names cannot leave the folder.
 */
export class FlowLibrary {
  constructor(readonly folder: string) {}

  async list(): Promise<FlowEntry[]> {
    const files = await readdir(this.folder).catch(() => [] as string[]);
    const names = files.filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length));
    return Promise.all(names.sort((a, b) => a.localeCompare(b)).map((name) => this.entry(name)));
  }

  /** The flow named `name` (or a file path inside the folder), parsed; errors say which file. */
  async read(name: string): Promise<UserFlow> {
    const entry = await this.entry(name);
    if (!entry.flow) {
      throw new FlowFormatError(`${path.basename(entry.file)}: ${entry.problem}`);
    }
    return entry.flow;
  }

  /**
   * Saves a flow as `<title as a file name>.json`, `-2`, `-3`… if taken, its title naming its secrets for
   * other runners (flowTitleNote.ts; read back without); returns the file. The flow is
   * written to a temporary file first and then linked under its name, which fails if the name is taken
   * and never shows a half-written flow to a reader (the Flows view watches the folder).
   */
  async save(flow: UserFlow): Promise<string> {
    parseFlow(flow); // what is saved must replay
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const base = plainTitle(flow.title).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'flow';
    const written = path.join(this.folder, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(written, `${JSON.stringify(titledForOtherRunners(flow), null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    try {
      for (let attempt = 1; ; attempt++) {
        const file = path.join(this.folder, `${base}${attempt > 1 ? `-${attempt}` : ''}.json`);
        try {
          await link(written, file);
          return file;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
            throw error;
          }
        }
      }
    } finally {
      await rm(written, { force: true });
    }
  }

  async remove(name: string): Promise<void> {
    await rm(this.fileOf(name));
  }

  /** The file of a flow name (`x` is x.json) or of a file's absolute path inside the folder; anything else is refused. */
  fileOf(name: string): string {
    const file = path.isAbsolute(name) ? path.resolve(name) : path.resolve(this.folder, `${name}.json`);
    if (path.dirname(file) !== path.resolve(this.folder)) {
      throw new Error(`"${name}" is not a flow in ${this.folder}.`);
    }
    return file;
  }

  private async entry(name: string): Promise<FlowEntry> {
    const file = this.fileOf(name);
    const base = path.basename(file, '.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { name: base, file, problem: `There is no flow "${base}" in ${this.folder}.` };
    }
    try {
      const saved = parseFlow(text);
      const flow = { ...saved, title: plainTitle(saved.title) }; // the note in the file is for other runners
      return { name: base, file, flow, needs: placeholdersOf(flow) };
    } catch (error) {
      return { name: base, file, problem: error instanceof Error ? error.message : String(error) };
    }
  }
}
