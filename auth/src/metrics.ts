import { Counter, Histogram } from 'prom-client';
import { registry } from '@idp/common';

export const loginsTotal = new Counter({ name: 'auth_logins_total', help: 'Login attempts by user type and result', labelNames: ['user_type', 'result'] as const, registers: [registry] });
export const passwordChecksTotal = new Counter({ name: 'auth_password_checks_total', help: "Passwords sent to their owner app for checking, by user type and result (valid, invalid, unavailable)", labelNames: ['user_type', 'result'] as const, registers: [registry] });
export const tokenValidationsTotal = new Counter({ name: 'auth_token_validations_total', help: 'Access-token validations (introspection, middleware) by result', labelNames: ['result'] as const, registers: [registry] });
export const refreshesTotal = new Counter({ name: 'auth_refreshes_total', help: 'Refresh-token uses by result', labelNames: ['result'] as const, registers: [registry] });
export const lockoutsTotal = new Counter({ name: 'auth_lockouts_total', help: 'Login identities locked after repeated failures', labelNames: ['user_type'] as const, registers: [registry] });
export const unlocksTotal = new Counter({ name: 'auth_unlocks_total', help: 'Login locks ended (or failures forgotten) by staff or the bootstrap reset', labelNames: ['user_type', 'was_locked'] as const, registers: [registry] });
export const sessionsOpenedTotal = new Counter({ name: 'auth_sessions_opened_total', help: 'Sessions opened', labelNames: ['user_type'] as const, registers: [registry] });
export const sessionsRevokedTotal = new Counter({ name: 'auth_sessions_revoked_total', help: 'Sessions revoked, by reason', labelNames: ['reason'] as const, registers: [registry] });
export const sessionsCleanedTotal = new Counter({ name: 'auth_sessions_cleaned_total', help: 'Ended sessions removed from the store by their expiry reminder', labelNames: ['reason'] as const, registers: [registry] });
export const loginDuration = new Histogram({ name: 'auth_login_duration_seconds', help: 'Login latency by result', labelNames: ['result'] as const, buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] });
export const introspectionDuration = new Histogram({ name: 'auth_introspection_duration_seconds', help: 'Introspection latency', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25], registers: [registry] });
