import { cgroupCpuLimit, usableCpus, type FileReader } from './cpus.js';

function files(contents: Record<string, string>): FileReader {
  return (path) => contents[path];
}

describe('cgroupCpuLimit', () => {
  it('reads a cgroup v2 quota, rounding a fraction of a CPU up', () => {
    expect(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' }))).toBe(2);
    expect(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': '50000 100000' }))).toBe(1);
  });

  it('sees no limit in "max" or without cgroup files', () => {
    expect(cgroupCpuLimit(files({ '/sys/fs/cgroup/cpu.max': 'max 100000' }))).toBeUndefined();
    expect(cgroupCpuLimit(files({}))).toBeUndefined();
  });

  it('reads a cgroup v1 quota, -1 meaning none', () => {
    const v1 = (quota: string) => files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': quota, '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' });
    expect(cgroupCpuLimit(v1('300000'))).toBe(3);
    expect(cgroupCpuLimit(v1('-1'))).toBeUndefined();
  });
});

describe('usableCpus', () => {
  it('is the core count, capped by the quota', () => {
    expect(usableCpus(files({}), 8)).toBe(8);
    expect(usableCpus(files({ '/sys/fs/cgroup/cpu.max': '200000 100000' }), 8)).toBe(2);
    expect(usableCpus(files({ '/sys/fs/cgroup/cpu.max': '1600000 100000' }), 4)).toBe(4);
  });
});
