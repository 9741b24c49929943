// Auth's hot paths against their floors (introspection vs jose.jwtVerify, refresh, login vs the
// password-hash bound), with published anchors to compare with.
import type { Platform } from '../platform.js';
import { printRatio, printResult, round } from '../stats.js';
import { introspection, logins, refreshes } from './auth.js';
import type { LoadSettings } from './registration.js';

// Published anchors (2 CPUs): Ory Hydra introspection ~5,100 req/s (in-memory store); Keycloak
// sizes 120 refreshes/s and 15 password logins/s per vCPU.
export const ANCHORS = { hydraIntrospectionPerSecond: 5100, keycloakRefreshesPerSecond2Cpu: 240, keycloakLoginsPerSecond2Cpu: 30 };

export async function authSuite(platform: Platform, settings: LoadSettings, tag: string) {
  console.log('\nintrospection vs raw jose.jwtVerify');
  const intro = await introspection(platform, settings, tag);
  printResult(intro.app);
  printResult(intro.baseline);
  const introspectionRatio = printRatio('introspection / jwtVerify', intro.app, intro.baseline);
  console.log(`  anchor: Ory Hydra ~${ANCHORS.hydraIntrospectionPerSecond} req/s -> ${round(intro.app.rps / ANCHORS.hydraIntrospectionPerSecond, 2)}x`);

  console.log('\nrefresh (rotation)');
  const refresh = await refreshes(platform, settings, tag);
  printResult(refresh);
  console.log(`  anchor: Keycloak sizing ${ANCHORS.keycloakRefreshesPerSecond2Cpu}/s on 2 vCPU -> ${round(refresh.rps / ANCHORS.keycloakRefreshesPerSecond2Cpu, 2)}x`);

  console.log('\nlogin vs the password-hash bound');
  const login = await logins(platform, settings, tag);
  printResult(login.app);
  printResult(login.hashBound);
  const loginRatio = round(login.app.rps / login.hashBound.rps, 3);
  console.log(`  ratio login / hash bound: ${loginRatio}x; anchor: Keycloak sizing ${ANCHORS.keycloakLoginsPerSecond2Cpu}/s on 2 vCPU -> ${round(login.app.rps / ANCHORS.keycloakLoginsPerSecond2Cpu, 2)}x`);

  return { introspection: { ...intro, ratio: introspectionRatio }, refresh, login: { ...login, ratio: loginRatio }, anchors: ANCHORS };
}
