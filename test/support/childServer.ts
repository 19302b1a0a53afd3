import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildLookout {
  child: ChildProcess;
  url: string;
  /** Peak resident memory of the server process so far, in MiB (Linux). */
  peakRssMiB(): number;
  /** CPU time (user + system) of the server process so far, in seconds (Linux). */
  cpuSeconds(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `lookout start --no-web` in its own process (its own chDB) and waits until it listens.
 * `logFile`: the server's output (its log) is appended there too.
 */
export async function startChildLookout(env: Record<string, string>, logFile?: string): Promise<ChildLookout> {
  // e.g. LOOKOUT_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a benchmark's server
  const nodeArgs = (process.env.LOOKOUT_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'bin/lookout.js', 'start', '--no-web'], {
    cwd: ROOT,
    env: { ...process.env, LOOKOUT_DEMO: '0', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', logFile ? 'pipe' : 'inherit'],
  });
  if (logFile) {
    const out = createWriteStream(logFile, { flags: 'a' });
    child.stdout!.pipe(out, { end: false });
    child.stderr!.pipe(out, { end: false });
  }
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
  return {
    child,
    url,
    peakRssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    cpuSeconds() {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

/** An admin API token for a child server's data folder; call before the child starts. */
export function childAdminToken(dataDir: string): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/adminTokenMain.ts', dataDir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });
  const token = run.stdout.trim().split('\n').at(-1);
  if (run.status !== 0 || !token) throw new Error(`could not create an admin token: ${run.stderr}`);
  return token;
}
