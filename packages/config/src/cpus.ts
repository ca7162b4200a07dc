import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Reads a file's text, or `undefined` when it is absent or unreadable. */
export type FileReader = (path: string) => string | undefined;

const readIfPresent: FileReader = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * The CPU quota of this process's cgroup in whole CPUs (rounded up), or
 * `undefined` when none is set. A container limited to 1.5 CPUs still sees
 * every core of its node in `os.availableParallelism()` (Node 20's libuv
 * reads the affinity mask only), so sizing workers from it alone would fork
 * far more processes than the quota can run.
 */
export function cgroupCpuLimit(read: FileReader = readIfPresent): number | undefined {
  // cgroup v2: "<quota> <period>" or "max <period>".
  const v2 = read('/sys/fs/cgroup/cpu.max')?.trim().split(/\s+/);
  if (v2 !== undefined && v2.length === 2) {
    return quotaToCpus(v2[0], v2[1]);
  }
  // cgroup v1: two files; a quota of -1 means none.
  return quotaToCpus(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')?.trim(), read('/sys/fs/cgroup/cpu/cpu.cfs_period_us')?.trim());
}

function quotaToCpus(quota: string | undefined, period: string | undefined): number | undefined {
  const q = Number(quota);
  const p = Number(period);
  if (!Number.isFinite(q) || !Number.isFinite(p) || q <= 0 || p <= 0) return undefined;
  return Math.max(1, Math.ceil(q / p));
}

/** The CPUs this process can really use: the cores it may run on, capped by its cgroup's quota. */
export function usableCpus(read: FileReader = readIfPresent, cores: number = availableParallelism()): number {
  const limit = cgroupCpuLimit(read);
  return Math.max(1, limit === undefined ? cores : Math.min(cores, limit));
}
