/**
 * docs/kubernetes against the code: probe paths the apps serve, the ports they default to, and
 * every variable name (known to the configuration, and every one of .env.example provided).
 * No database: a unit-speed test in the `unit` project.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '@silkcart/shared/config/app-config';

const root = resolve(__dirname, '..');
const dir = join(root, 'docs', 'kubernetes');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, unknown>;
}

interface Probe {
  httpGet: { path: string; port: number | string };
}

interface Container {
  name: string;
  command: string[];
  env: EnvVar[];
  envFrom?: Array<Record<string, { name: string }>>;
  ports: Array<{ containerPort: number; name?: string }>;
  startupProbe: Probe;
  livenessProbe: Probe;
  readinessProbe: Probe;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
}

type Labels = Record<string, string>;

/** The parts of the workloads' specs (Deployment, Job, Service, HPA, PDB) the checks read. */
interface Spec {
  template: {
    metadata: { labels: Labels; annotations: Labels };
    spec: { containers: Container[]; restartPolicy: string; terminationGracePeriodSeconds: number };
  };
  selector: Labels & { matchLabels: Labels };
  ports: Array<{ port: number; targetPort: number | string }>;
  scaleTargetRef: { apiVersion: string; kind: string; name: string };
  minReplicas: number;
  minAvailable: number;
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Spec;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  resources?: string[];
  file: string;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const manifests: Manifest[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    return { ...(doc.toJS() as Omit<Manifest, 'file'>), file };
  }),
);
const one = (kind: string, name: string): Manifest => {
  const found = manifests.filter((m) => m.kind === kind && m.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
};
const api = one('Deployment', 'silkcart-api');
const worker = one('Deployment', 'silkcart-worker');
const job = manifests.find((m) => m.kind === 'Job') as Manifest;
const configMap = one('ConfigMap', 'silkcart-config');
const secret = one('Secret', 'silkcart-secrets');
const containerOf = (m: Manifest) => m.spec.template.spec.containers[0];
const workloads = [api, worker, job];

// --- What the code says ---

/** The api's health routes: @Controller('health') with its @Get('…') handlers. */
function apiHealthPaths(): string[] {
  const source = read('apps/api/src/health/health.controller.ts');
  const prefix = /@Controller\('([^']+)'\)/.exec(source)?.[1];
  const routes = [...source.matchAll(/@Get\('([^']+)'\)/g)].map((m) => `/${prefix}/${m[1]}`);
  expect(routes.length).toBeGreaterThan(0);
  return routes;
}

/** The worker's operations server routes (its ROUTES list). */
function workerRoutes(): string[] {
  const source = read('apps/worker/src/http/operations-server.ts');
  const list = /const ROUTES = \[([^\]]+)\]/.exec(source)?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

/** PORT's defaults in loadConfig: the api's and the worker's. */
function defaultPorts(): { api: number; worker: number } {
  const source = read('libs/shared/src/config/app-config.ts');
  const m = /raw\.PORT \?\? \(options\.app === 'worker' \? (\d+) : (\d+)\)/.exec(source);
  if (!m) throw new Error('PORT default not found in app-config.ts');
  return { worker: Number(m[1]), api: Number(m[2]) };
}

/** The variables the configuration knows: the properties of the Environment class. */
function environmentVariables(): Set<string> {
  const source = read('libs/shared/src/config/environment.ts');
  return new Set([...source.matchAll(/^\s+([A-Z][A-Z0-9_]*)\?:/gm)].map((m) => m[1]));
}

/** Every variable .env.example names, set or commented out. */
function envExampleVariables(): string[] {
  return [...read('.env.example').matchAll(/^#?\s?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
}

// --- The checks ---

describe('the Kubernetes manifests', () => {
  it('parse, and the kustomization lists every file but the Secret template', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(10);
    const kustomization = manifests.find((m) => m.kind === 'Kustomization') as Manifest;
    expect([...(kustomization.resources ?? [])].sort()).toEqual(
      files.filter((f) => f !== 'kustomization.yaml' && f !== 'secret.example.yaml').sort(),
    );
  });

  it('probe the api on the health routes its controller serves, on its port', () => {
    const paths = apiHealthPaths();
    const c = containerOf(api);
    expect(c.startupProbe.httpGet.path).toBe('/health/startup');
    expect(c.livenessProbe.httpGet.path).toBe('/health/live');
    expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
    for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe]) {
      expect(paths).toContain(probe.httpGet.path);
      expect(probe.httpGet.port).toBe(defaultPorts().api);
    }
  });

  it("probe the worker on its own server's routes and port, with no startup probe", () => {
    const routes = workerRoutes();
    expect(routes).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/metrics']));
    const c = containerOf(worker);
    expect(c.startupProbe).toBeUndefined();
    expect(c.livenessProbe.httpGet.path).toBe('/health/live');
    expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
    for (const probe of [c.livenessProbe, c.readinessProbe]) {
      expect(routes).toContain(probe.httpGet.path);
      expect(probe.httpGet.port).toBe(defaultPorts().worker);
    }
  });

  it('use the ports the code defaults to, and PORT says the same', () => {
    const ports = defaultPorts();
    expect(ports).toEqual({ api: 3000, worker: 3001 });
    const envOf = (m: Manifest) =>
      Object.fromEntries(containerOf(m).env.map((e: EnvVar) => [e.name, e.value]));
    for (const [deployment, port] of [
      [api, ports.api],
      [worker, ports.worker],
    ] as const) {
      expect(
        containerOf(deployment).ports.map((p: { containerPort: number }) => p.containerPort),
      ).toEqual([port]);
      expect(envOf(deployment).PORT).toBe(String(port));
      expect(deployment.spec.template.metadata.annotations['prometheus.io/port']).toBe(
        String(port),
      );
    }
    expect(configMap.data?.PORT).toBe(String(ports.api));
    expect(one('Service', 'silkcart-api').spec.ports[0].targetPort).toBe(ports.api);
    expect(read('Dockerfile')).toMatch(new RegExp(`^EXPOSE ${ports.api}$`, 'm'));
  });

  it('name only variables the configuration knows', () => {
    const known = environmentVariables();
    expect(known.size).toBeGreaterThan(50);
    const used = [
      ...Object.keys(configMap.data ?? {}),
      ...Object.keys(secret.stringData ?? {}),
      ...workloads.flatMap((m) => (containerOf(m).env ?? []).map((e: EnvVar) => e.name as string)),
    ];
    expect(used.filter((name) => !known.has(name))).toEqual([]);
  });

  it('provide every variable of .env.example, each in the ConfigMap or the Secret, not both', () => {
    const inConfigMap = Object.keys(configMap.data ?? {});
    const inSecret = Object.keys(secret.stringData ?? {});
    const example = envExampleVariables();
    expect(example.length).toBeGreaterThan(50);
    expect(example.filter((v) => !inConfigMap.includes(v) && !inSecret.includes(v))).toEqual([]);
    expect(inConfigMap.filter((v) => inSecret.includes(v))).toEqual([]);
    const secrets = [
      'JWT_SECRET',
      'DATABASE_URL',
      'REDIS_URL',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'STRIPE_CONNECT_WEBHOOK_SECRET',
      'PAYPAL_CLIENT_ID',
      'PAYPAL_CLIENT_SECRET',
      'PAYPAL_WEBHOOK_ID',
      'SENDGRID_API_KEY',
      'SMTP_URL',
      'TWILIO_AUTH_TOKEN',
      'S3_SECRET_ACCESS_KEY',
      'OPENAI_API_KEY',
      'GOOGLE_SERVICE_ACCOUNT_JSON',
      'OPERATOR_TOKEN',
    ];
    expect(inSecret).toEqual(expect.arrayContaining(secrets));
  });

  it('give every workload both sources, and an environment the configuration accepts', () => {
    for (const m of workloads) {
      expect(containerOf(m).envFrom).toEqual([
        { configMapRef: { name: 'silkcart-config' } },
        { secretRef: { name: 'silkcart-secrets' } },
      ]);
    }
    // What a container sees: envFrom in order, then env (which wins).
    const environment = (m: Manifest, extra: Record<string, string> = {}) => ({
      ...configMap.data,
      ...secret.stringData,
      ...Object.fromEntries((containerOf(m).env ?? []).map((e: EnvVar) => [e.name, e.value])),
      ...extra,
    });
    const apiConfig = loadConfig(environment(api));
    expect(apiConfig.port).toBe(3000);
    expect(apiConfig.env).toBe('production');
    expect(apiConfig.migrationsRun).toBe(false);
    expect(apiConfig.databaseUrl).toMatch(/^postgres:\/\//);
    const workerConfig = loadConfig(environment(worker), { app: 'worker' });
    expect(workerConfig.port).toBe(3001);
    expect(workerConfig.redisUrl).toMatch(/^redis:\/\//);
    expect(() => loadConfig(environment(job))).not.toThrow();
  });

  it('run migrations in the Job only', () => {
    expect(containerOf(job).command).toEqual(['node', 'dist/apps/api/src/cli/migrate.js', 'run']);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const apiEnv = containerOf(api).env.find((e: EnvVar) => e.name === 'MIGRATIONS_RUN');
    expect(apiEnv?.value).toBe('false');
    expect(read('package.json')).toContain(
      '"migration:run": "node dist/apps/api/src/cli/migrate.js run"',
    );
    expect(containerOf(worker).command).toEqual(['node', 'dist/apps/worker/src/main.js']);
  });

  it('give pods longer than SHUTDOWN_TIMEOUT_MS to stop, and resources', () => {
    const shutdownMs = Number(configMap.data?.SHUTDOWN_TIMEOUT_MS);
    expect(shutdownMs).toBeGreaterThan(0);
    for (const m of [api, worker]) {
      expect(m.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(shutdownMs);
    }
    for (const m of workloads) {
      const { resources } = containerOf(m);
      expect(resources.requests).toEqual(
        expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
      );
      expect(resources.limits.memory).toEqual(expect.any(String));
    }
  });

  it('scale and protect both Deployments', () => {
    for (const m of [api, worker]) {
      const name = m.metadata.name;
      const labels = m.spec.template.metadata.labels;
      expect(m.spec.selector.matchLabels).toEqual(
        expect.objectContaining({ 'app.kubernetes.io/name': labels['app.kubernetes.io/name'] }),
      );
      const hpa = one('HorizontalPodAutoscaler', name);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      const pdb = one('PodDisruptionBudget', name);
      expect(pdb.spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
      for (const [key, value] of Object.entries(pdb.spec.selector.matchLabels)) {
        expect(labels[key]).toBe(value);
      }
    }
    const service = one('Service', 'silkcart-api');
    for (const [key, value] of Object.entries(service.spec.selector)) {
      expect(api.spec.template.metadata.labels[key]).toBe(value);
    }
  });
});
