// `npm run bench:profile -- <load> [seconds]`: starts the platform with Go pprof on every sidecar
// (DAPRD_PROFILING=1) and V8 CPU profiles of every app (node --cpu-prof), runs one load alone, takes
// a CPU profile of the auth and customer sidecars during it, stops the platform (the apps write their
// profiles as they exit) and prints where each process spent its time. Files: .run/profiles/<load>/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../scripts/runtime/apps.js';
import { closedLoop, httpLoad } from '../load.js';
import { root, startPlatform, stopPlatform, type Platform } from '../platform.js';
import { printResult, type LoadResult } from '../stats.js';
import { authClient } from '../scenarios/auth.js';
import { PASSWORD } from '../scenarios/registration.js';
import { bySlot, customerSubjects, type Subject } from '../scenarios/subjects.js';
import { cpuSeconds } from '../../scripts/runtime/cpu.js';
import { selfTimes } from './cpuprofile.js';

const LOADS = ['login', 'refresh', 'introspect', 'introspect-direct', 'me', 'register', 'patch'] as const;
type LoadName = (typeof LOADS)[number];

const load = process.argv[2] as LoadName;
const seconds = Number(process.argv[3] ?? 20);
if (!LOADS.includes(load)) throw new Error(`usage: npm run bench:profile -- <${LOADS.join('|')}> [seconds]`);
const dir = join(root, '.run', 'profiles', load);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
// Read by scripts/runtime/apps.ts and by every app process it spawns.
process.env.DAPRD_PROFILING = '1';
process.env.APP_CPU_PROFILE_DIR = dir;

const CONNECTIONS = 10;

function pprofPort(app: RunningApp): number {
  const match = /--profile-port (\d+)/.exec(readFileSync(app.daprd.logFile, 'utf8'));
  if (!match) throw new Error(`${app.appId}'s daprd runs without a profile port`);
  return Number(match[1]);
}

async function sidecarProfile(app: RunningApp, profileSeconds: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${pprofPort(app)}/debug/pprof/profile?seconds=${profileSeconds}`);
  writeFileSync(join(dir, `${app.appId}-daprd.pprof`), Buffer.from(await res.arrayBuffer()));
}

async function runLoad(platform: Platform, people: Subject[]): Promise<LoadResult> {
  const client = authClient(platform);
  const { auth, customer } = platform.apps;
  const settings = { seconds, connections: CONNECTIONS };
  const subjectOf = bySlot(people);
  const viaCustomer = (path: string) => `${customer.daprUrl}/v1.0/invoke/customer/method${path}`;
  switch (load) {
    case 'login':
      return closedLoop('login via sidecar', CONNECTIONS, seconds, async (i) => people[i]!.email, async (email) => (await client.login(email), email));
    case 'refresh':
      return closedLoop('refresh via sidecar', CONNECTIONS, seconds, async (i) => client.login(people[i]!.email), (tokens) => client.refresh(tokens));
    case 'introspect':
    case 'introspect-direct': {
      const body = JSON.stringify({ token: people[0]!.accessToken });
      const url = load === 'introspect' ? `${auth.daprUrl}/v1.0/invoke/auth/method/v1/auth/introspect` : `${auth.appUrl}/v1/auth/introspect`;
      return httpLoad({ name: load, url, headers: { 'dapr-api-token': auth.daprApiToken }, body: () => body, ...settings });
    }
    case 'me':
      return httpLoad<{ slot?: Subject }>({
        name: 'GET /v1/customers/me',
        method: 'GET',
        url: viaCustomer('/v1/customers/me'),
        requestHeaders: (context) => ({ authorization: `Bearer ${subjectOf(context).accessToken}` }),
        headers: { 'dapr-api-token': customer.daprApiToken },
        ...settings,
      });
    case 'patch': {
      let n = 0;
      return httpLoad<{ slot?: Subject }>({
        name: 'PATCH /v1/customers/{id}',
        method: 'PATCH',
        url: viaCustomer(`/v1/customers/${people[0]!.id}`),
        path: (context) => `/v1.0/invoke/customer/method/v1/customers/${subjectOf(context).id}`,
        requestHeaders: (context) => ({ authorization: `Bearer ${subjectOf(context).accessToken}` }),
        headers: { 'dapr-api-token': customer.daprApiToken },
        body: () => JSON.stringify({ firstName: `Profile${(n += 1)}` }),
        ...settings,
      });
    }
    case 'register':
      return httpLoad({
        name: 'POST /v1/customers',
        url: viaCustomer('/v1/customers'),
        headers: { 'dapr-api-token': customer.daprApiToken },
        body: () => JSON.stringify({ email: `profile.${randomUUID()}@bench.example.com`, password: PASSWORD, firstName: 'Profile', lastName: 'Run' }),
        ...settings,
      });
  }
}

function report(): void {
  for (const file of readdirSync(dir).sort()) {
    const path = join(dir, file);
    if (file.endsWith('.cpuprofile')) {
      const { busySamples, idleShare, functions } = selfTimes(path);
      if (busySamples < 100) continue;
      const lines = [`${file}: ${busySamples} busy samples, ${(idleShare * 100).toFixed(0)}% idle`, ...functions.map((f) => `  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`)];
      writeFileSync(`${path}.txt`, `${lines.join('\n')}\n`);
      console.log(`\n${lines.join('\n')}`);
    } else if (file.endsWith('.pprof')) {
      const top = execFileSync('go', ['tool', 'pprof', '-top', '-nodecount=25', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      writeFileSync(`${path}.txt`, top);
      console.log(`\n${file}:\n${top.split('\n').slice(0, 32).join('\n')}`);
    }
  }
}

async function main(): Promise<void> {
  const platform = await startPlatform();
  try {
    const people = await customerSubjects(platform, CONNECTIONS, `profile.${Date.now().toString(36)}`);
    const profiles = Promise.all([platform.apps.auth, platform.apps.customer].map((app) => new Promise((r) => setTimeout(r, 2_000)).then(() => sidecarProfile(app, Math.max(5, seconds - 4)))));
    const processes = Object.values(platform.apps).flatMap((app) => [app.app, app.daprd]);
    const before = processes.map((p) => cpuSeconds(p.child.pid!) ?? 0);
    const started = performance.now();
    const result = await runLoad(platform, people);
    const elapsed = (performance.now() - started) / 1000;
    await profiles;
    printResult(result);
    // Where the machine's CPU went during the load (the load generator is this process).
    const shares = processes.map((p, i) => `${p.name} ${(((cpuSeconds(p.child.pid!) ?? 0) - before[i]!) / elapsed * 100).toFixed(0)}%`);
    console.log(`  CPU during the load, % of one core: ${shares.join(', ')}`);
  } finally {
    await stopPlatform();
  }
  // The apps write their CPU profiles as they exit.
  report();
}

main().catch((error: unknown) => {
  console.error(error);
  void stopPlatform().finally(() => process.exit(1));
});
