// Auth's hot paths against their floors: introspection through the sidecar and on auth's own port
// vs jose.jwtVerify, refresh, login vs the scrypt verification bound, and the session list. Ory's
// figures to compare with are in bench/anchors.ts, printed under the final table.
import type { Platform } from '../platform.js';
import type { AfterLoad } from '../sidecars.js';
import { printRatio, printResult, round } from '../stats.js';
import { introspectionOwnPort, introspectionViaSidecar, jwtVerifyFloor, logins, refreshes, signedInToken } from './auth.js';
import { verifyBound } from './password-bounds.js';
import type { LoadSettings } from './registration.js';
import { sessionList } from './sessions.js';

export async function authSuite(platform: Platform, settings: LoadSettings, tag: string, after: AfterLoad) {
  console.log('\nintrospection (through the sidecar and on auth\'s own port) vs raw jose.jwtVerify');
  const token = await signedInToken(platform, tag);
  const app = await introspectionViaSidecar(platform, settings, token);
  printResult(app);
  await after(app.name);
  const ownPort = await introspectionOwnPort(platform, settings, token);
  printResult(ownPort);
  await after(ownPort.name);
  const baseline = await jwtVerifyFloor(platform, settings, token);
  printResult(baseline);
  const introspectionRatio = printRatio('introspection via sidecar / jwtVerify', app, baseline);
  const ownPortRatio = printRatio('introspection on its own port / jwtVerify', ownPort, baseline);

  console.log('\nrefresh (rotation)');
  const refresh = await refreshes(platform, settings, tag);
  printResult(refresh);
  await after(refresh.name);

  console.log('\nlogin vs the password-hash bound');
  const login = await logins(platform, settings, tag);
  printResult(login);
  await after(login.name);
  const hashBound = await verifyBound(settings.seconds);
  printResult(hashBound);
  const loginRatio = round(login.rps / hashBound.rps, 3);
  console.log(`  ratio login / hash bound: ${loginRatio}x`);

  console.log('\nsession list');
  const sessions = await sessionList(platform, settings, tag);
  printResult(sessions);
  await after(sessions.name);

  return {
    introspection: { app, baseline, ratio: introspectionRatio, ownPort, ownPortRatio },
    refresh,
    login: { app: login, hashBound, ratio: loginRatio },
    sessions,
  };
}
