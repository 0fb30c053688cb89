import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface Child {
  proc: ChildProcess;
  output: () => string;
  /** Resolves once the output contains `text`. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs a TypeScript entry file as a real Node process (through @swc-node/register). */
export function spawnTs(entry: string, env: NodeJS.ProcessEnv): Child {
  return spawnCommand(process.execPath, ['-r', '@swc-node/register', join(ROOT, entry)], env);
}

/**
 * Runs a command from the repository root in a process group of its own (`npm start` runs
 * node under npm under a shell: a signal goes to the whole group).
 */
export function spawnCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const entry = [command, ...args].join(' ');
  const proc = spawn(command, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    proc,
    output: () => out,
    waitForOutput: async (text, timeoutMs = 30_000) => {
      const until = Date.now() + timeoutMs;
      while (!out.includes(text)) {
        if (proc.exitCode !== null) throw new Error(`${entry} exited:\n${out}`);
        if (Date.now() > until) throw new Error(`${entry} did not print "${text}":\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) {
        try {
          process.kill(-(proc.pid as number), signal);
        } catch {
          proc.kill(signal);
        }
      }
      await exited;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}
