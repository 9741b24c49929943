// Invariants of the Kubernetes manifests (deploy/): no credentials outside Secrets, real probes,
// Dapr annotations, tracing to a cluster address, and no drift from the local Dapr resources.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseAllDocuments, parse } from 'yaml';
import { TOPIC_PRODUCERS } from '@idp/proto';

const root = join(import.meta.dirname, '..', '..');
const base = join(root, 'deploy', 'base');
type Doc = { kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string> };
const docs: Doc[] = [base, join(base, 'dapr')].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Doc))
    .filter(Boolean),
);

describe('Kubernetes manifests', () => {
  it('when an app is deployed, then it has its Dapr annotations, a readiness probe on /readyz and tokens from Secrets', () => {
    for (const app of ['auth', 'user', 'customer']) {
      const deployment = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === app)!;
      const annotations = deployment.spec.template.metadata.annotations;
      expect(annotations, app).to.include({ 'dapr.io/enabled': 'true', 'dapr.io/app-id': app, 'dapr.io/config': app, 'dapr.io/app-token-secret': `${app}-app-api-token` });
      const container = deployment.spec.template.spec.containers[0];
      expect(container.readinessProbe.httpGet.path, app).to.equal('/readyz');
      expect(container.livenessProbe.httpGet.path, app).to.equal('/healthz');
      expect(container.env.find((e: any) => e.name === 'DAPR_API_TOKEN').valueFrom.secretKeyRef.name, app).to.equal(`${app}-dapr-api-token`);
    }
  });

  it('when settings are in ConfigMaps, then none of them is a credential or a connection string', () => {
    for (const map of docs.filter((d) => d.kind === 'ConfigMap')) {
      for (const [key, value] of Object.entries(map.data ?? {})) {
        expect(`${key}=${value}`, map.metadata.name).not.to.match(/postgres(ql)?:\/\/|password|secret|token|redis:\/\//i);
      }
    }
  });

  it('when components need credentials, then they take them from secretKeyRef', () => {
    for (const component of docs.filter((d) => d.kind === 'Component')) {
      for (const item of component.spec.metadata as { name: string; value?: string; secretKeyRef?: unknown }[]) {
        if (/connectionString|redisHost|redisPassword/.test(item.name)) expect(item.secretKeyRef, `${component.metadata.name}.${item.name}`).to.be.an('object');
      }
    }
  });

  it('when tracing is configured, then it exports to a cluster-internal address, never localhost', () => {
    for (const config of docs.filter((d) => d.kind === 'Configuration')) {
      expect(config.spec.tracing.otel.endpointAddress, config.metadata.name).to.match(/\.svc\.cluster\.local:/);
      expect(config.spec.accessControl.defaultAction).to.equal('deny');
    }
  });

  it('when resiliency or subscriptions change locally, then the deployed copies are the same', () => {
    for (const file of ['resiliency.yaml', 'subscription-auth-customer-events.yaml', 'subscription-auth-user-events.yaml', 'subscription-customer-directory.yaml', 'subscription-customer-orders.yaml', 'subscription-user-directory.yaml']) {
      expect(readFileSync(join(base, 'dapr', file), 'utf8'), file).to.equal(readFileSync(join(root, 'components', file), 'utf8'));
    }
  });

  describe('pub/sub topic scopes', () => {
    const scopesOf = (component: Doc) => {
      const meta = Object.fromEntries((component.spec.metadata as { name: string; value?: string }[]).map((m) => [m.name, m.value ?? '']));
      const byApp = (value: string) => Object.fromEntries(value.split(';').map((entry) => entry.split('=')).map(([app, topics]) => [app!, topics!.split(',')]));
      return { allowedTopics: meta.allowedTopics!.split(','), protectedTopics: meta.protectedTopics!.split(','), publishing: byApp(meta.publishingScopes!), subscription: byApp(meta.subscriptionScopes!) };
    };
    const local = scopesOf(parse(readFileSync(join(root, 'components', 'pubsub.yaml'), 'utf8')) as Doc);
    const deployed = scopesOf(docs.find((d) => d.kind === 'Component' && d.metadata.name === 'pubsub')!);

    it('when a topic is the platform\'s, then it is protected and exactly its producer may publish it, locally and deployed', () => {
      for (const scopes of [local, deployed]) {
        for (const [topic, producer] of Object.entries(TOPIC_PRODUCERS)) {
          expect(scopes.protectedTopics, topic).to.include(topic);
          const publishers = Object.entries(scopes.publishing).filter(([, topics]) => topics.includes(topic)).map(([app]) => app);
          expect(publishers, topic).to.deep.equal([producer]);
        }
        // Every topic anyone may publish is protected (dead letters included): no open door.
        for (const topics of Object.values(scopes.publishing)) for (const topic of topics) expect(scopes.protectedTopics).to.include(topic);
      }
      expect(deployed.protectedTopics).to.deep.equal(local.protectedTopics);
      expect(local.allowedTopics).to.deep.equal(local.protectedTopics, 'every topic that may exist is protected');
      expect(deployed.allowedTopics).to.deep.equal(local.allowedTopics);
      expect(deployed.publishing).to.deep.equal(local.publishing);
    });

    it('when verification codes are published, then only the notification service may subscribe to them', () => {
      for (const scopes of [local, deployed]) {
        const readers = Object.entries(scopes.subscription).filter(([, topics]) => topics.includes('customer-verification-codes')).map(([app]) => app);
        expect(readers).to.deep.equal(['notification']);
      }
    });
  });
});
