// GET /v1/auth/sessions through auth's sidecar: each connection lists its own customer's sessions
// (a SubjectActor turn). No floor is measured for it.
import type { Platform } from '../platform.js';
import { httpLoad } from '../load.js';
import type { LoadResult } from '../stats.js';
import type { LoadSettings } from './registration.js';
import { bySlot, customerSubjects, type Subject } from './subjects.js';

export async function sessionList(platform: Platform, settings: LoadSettings, tag: string): Promise<LoadResult> {
  const auth = platform.apps.auth;
  const subjectOf = bySlot(await customerSubjects(platform, settings.connections, `${tag}.s`));
  return httpLoad<{ slot?: Subject }>({
    name: 'GET /v1/auth/sessions via sidecar',
    method: 'GET',
    url: `${auth.daprUrl}/v1.0/invoke/auth/method/v1/auth/sessions`,
    requestHeaders: (context) => ({ authorization: `Bearer ${subjectOf(context).accessToken}` }),
    headers: { 'dapr-api-token': auth.daprApiToken },
    ...settings,
  });
}
