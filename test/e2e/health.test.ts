// Every app reports liveness, readiness (sidecar and stores answer) and Prometheus metrics (to
// holders of its app token only).
import { expect } from 'chai';
import { direct, invoke, scrapeMetrics, uniqueEmail } from '../harness/clients.js';
import { runtime } from '../harness/runtime.js';

// What each app's readiness checks: its sidecar, its state stores, and its read-model database.
const READINESS_CHECKS = {
  auth: ['sidecar', 'auth-store', 'auth-actor-store'],
  user: ['sidecar', 'user-store', 'user-actor-store', 'directory'],
  customer: ['sidecar', 'customer-store', 'customer-actor-store', 'directory'],
};

describe('health and metrics endpoints', () => {
  for (const app of ['auth', 'user', 'customer'] as const) {
    it(`when ${app} runs with its sidecar, then /healthz and /readyz answer 200 and /metrics exposes the request histogram`, async () => {
      const health = await direct(app, '/healthz');
      expect(health.status).to.equal(200);
      expect(health.body).to.include({ status: 'ok', app });

      const ready = await direct(app, '/readyz');
      expect(ready.status).to.equal(200);
      expect(ready.body.status).to.equal('ready');
      expect(ready.body.checks).to.deep.equal(Object.fromEntries(READINESS_CHECKS[app].map((check) => [check, true])));

      const metrics = await scrapeMetrics(app);
      expect(metrics).to.include('http_request_duration_seconds_bucket');
      expect(metrics).to.include('process_cpu_user_seconds_total');
    });

    it(`when anyone who reaches ${app}'s port asks for /metrics without its app token, then 401 and no figures`, async () => {
      const guesses: Record<string, string>[] = [{}, { authorization: 'Bearer guessed' }, { 'dapr-api-token': 'guessed' }];
      for (const headers of guesses) {
        const res = await direct(app, '/metrics', { headers });
        expect(res.status, JSON.stringify(headers)).to.equal(401);
        expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
        expect(res.text).not.to.include('process_cpu_user_seconds_total');
      }
    });
  }

  it('when a customer registers, then customer /metrics counts the committed outbox transaction', async () => {
    const body = { email: uniqueEmail('metrics'), password: 'correct horse battery', firstName: 'Edsger', lastName: 'Dijkstra' };
    expect((await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body })).status).to.equal(201);
    const metrics = await scrapeMetrics('customer');
    expect(metrics).to.match(/outbox_transactions_total\{[^}]*type="customer.created"[^}]*outcome="committed"[^}]*\} [1-9]/);
  });

  it('when the sidecar deactivates an actor the app never activated (as after a restart), then the app answers and keeps running', async () => {
    const { appApiToken } = runtime().apps.customer;
    const res = await direct('customer', `/actors/CustomerActor/never-activated-${Date.now()}`, { method: 'DELETE', headers: { 'dapr-api-token': appApiToken } });
    expect(res.status).to.equal(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await direct('customer', '/healthz')).status).to.equal(200);
  });
});
