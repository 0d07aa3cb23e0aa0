// FileAccess over the real file system, for the language server, the CLI and tests (the
// services themselves stay pure and take a FileAccess).
import { promises as fs } from 'node:fs';
import type { FileAccess } from './types';

export const nodeFileAccess: FileAccess = {
  async readFile(path) {
    try {
      return await fs.readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  async readDir(path) {
    try {
      return await fs.readdir(path);
    } catch {
      return undefined;
    }
  },
  async exists(path) {
    try {
      await fs.access(path);
      return true;
    } catch {
      return false;
    }
  },
};
