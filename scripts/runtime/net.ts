import { createServer } from 'node:net';

/** Ports below Linux's ephemeral range (32768–60999): an outgoing connection of any process takes
 * its local port from that range, and could take a port picked there before its server binds it. */
const PORT_RANGE = { from: 20_000, to: 32_000 };
/** Handed out by this process already: two apps started together never get the same port. */
const handedOut = new Set<number>();

function bindable(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port free right now on loopback and on every interface (daprd binds some on all of them). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (handedOut.has(port)) continue;
    if ((await bindable(port, '127.0.0.1')) && (await bindable(port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${PORT_RANGE.from} and ${PORT_RANGE.to}`);
}

export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) ports.push(await freePort());
  return ports;
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, onTimeout?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A check that throws means waiting is pointless (e.g. the process died): fail at once.
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${onTimeout ? `\n${onTimeout()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function httpStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
