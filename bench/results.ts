// Saves one run's figures as bench/results/<ISO timestamp>.json (":" and "." made "-" so the name
// is portable); git ignores them except .gitkeep.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './platform.js';

export function saveResults(at: string, results: object): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
