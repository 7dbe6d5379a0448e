import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, from both the TypeScript sources and the compiled dist/ tree. */
function findProjectRoot(start: string): string {
  let folder = start;
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${start}`);
    folder = parent;
  }
  return folder;
}

export const projectRoot = findProjectRoot(__dirname);
export const projectPath = (...parts: string[]): string => path.join(projectRoot, ...parts);

/** The engine's version, as package.json gives it. */
export const engineVersion: string = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
