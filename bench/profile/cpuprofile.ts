// Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function, heaviest first, so a
// profile can be read in a terminal and quoted in a commit.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionShare {
  name: string;
  share: number;
}

const where = (url: string): string => {
  const i = url.indexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  const j = url.lastIndexOf('/src/');
  return j >= 0 ? url.slice(url.lastIndexOf('/', j - 1) + 1) : url.replace(/^file:\/\//, '');
};

/** Self time of each function as a share of the samples that were not idle. */
export function selfTimes(file: string, top = 20): { busySamples: number; idleShare: number; functions: FunctionShare[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map<string, number>();
  let idle = 0;
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') {
      idle += 1;
      continue;
    }
    const name = `${frame.functionName || '(anonymous)'} ${where(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const busy = profile.samples.length - idle;
  const functions = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => ({ name, share: n / Math.max(1, busy) }));
  return { busySamples: busy, idleShare: idle / Math.max(1, profile.samples.length), functions };
}
