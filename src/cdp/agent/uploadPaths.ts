import { realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { AgentError } from '../action/agentError';

/** Where the developer says which folders the agent may upload from (the standalone MCP server reads the editor's copy). */
export const UPLOAD_FOLDERS_SETTING = 'browserCanvas.agent.uploadFolders';

/**
 * The real paths of `paths` once each is found to be a file inside one of `folders`, symlinks
 * resolved on both sides, so a link in an allowed folder cannot lead out of it. A relative path is
 * taken from the first folder.
 */
export async function checkUploadPaths(paths: readonly string[], folders: readonly string[]): Promise<string[]> {
  const allowed = (await Promise.all(folders.map((folder) => realpath(folder).catch(() => undefined)))).filter((folder): folder is string => folder !== undefined);
  if (!allowed.length) {
    throw new AgentError('INVALID_INPUT', `The developer allows no folder to upload files from (setting ${UPLOAD_FOLDERS_SETTING}). Ask them to add the folder that holds the files.`);
  }
  return Promise.all(paths.map((file) => checkOne(path.resolve(allowed[0], file), file, allowed)));
}

async function checkOne(absolute: string, asGiven: string, allowed: readonly string[]): Promise<string> {
  const real = await realpath(absolute).catch(() => {
    throw new AgentError('NOT_FOUND', `There is no file ${asGiven} (looked for ${absolute}). Give a path inside ${allowed.join(', ')}.`);
  });
  if (!allowed.some((folder) => isInside(real, folder))) {
    throw new AgentError('INVALID_INPUT', `${asGiven} is outside the folders the developer allows uploads from (${allowed.join(', ')}; setting ${UPLOAD_FOLDERS_SETTING}). Use a file inside them, or ask the developer to allow its folder.`);
  }
  if (!(await stat(real)).isFile()) {
    throw new AgentError('INVALID_INPUT', `${asGiven} is not a file. Give the path of a file.`);
  }
  return real;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}
