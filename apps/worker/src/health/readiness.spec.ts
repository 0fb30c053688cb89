import { createServer, Server } from 'node:net';
import { Client } from 'pg';
import { checkReadiness, shuttingDown } from './readiness';

describe('checkReadiness', () => {
  it('is ok when every dependency answers', async () => {
    const report = await checkReadiness({
      database: async () => [{ '?column?': 1 }],
      redis: async () => 'PONG',
    });
    expect(report).toEqual({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
      error: {},
      details: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('names the database when PostgreSQL does not answer, and keeps what is up', async () => {
    // A real refused connection: a port that was free a moment ago.
    const port = await closedPort();
    const report = await checkReadiness({
      database: async () => {
        const client = new Client({ connectionString: `postgres://u@127.0.0.1:${port}/db` });
        client.on('error', () => undefined);
        await client.connect();
      },
      redis: async () => 'PONG',
    });
    expect(report.status).toBe('error');
    expect(report.info).toEqual({ redis: { status: 'up' } });
    expect(report.error).toEqual({
      database: { status: 'down', message: expect.stringContaining('ECONNREFUSED') },
    });
    expect(Object.keys(report.details).sort()).toEqual(['database', 'redis']);
  });

  it('counts a check that hangs as down after the timeout', async () => {
    const report = await checkReadiness(
      { redis: () => new Promise(() => undefined), database: async () => 1 },
      50,
    );
    expect(report.error).toEqual({ redis: { status: 'down', message: 'no answer within 50 ms' } });
    expect(report.info).toEqual({ database: { status: 'up' } });
  });

  it('reports the worker down once it shuts down', () => {
    expect(shuttingDown()).toMatchObject({
      status: 'error',
      error: { worker: { status: 'down', message: 'shutting down' } },
    });
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server: Server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
