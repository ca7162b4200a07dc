import { runDbCommand } from './installer-cli.js';

async function run(argv: string[], env: NodeJS.ProcessEnv = { DATABASE_URL: 'postgres://kernel@127.0.0.1:1/nowhere' }) {
  const lines: string[] = [];
  const code = await runDbCommand(argv, env, (line) => lines.push(line), '/nonexistent-root');
  return { code, output: lines.join('\n') };
}

describe('pnpm db', () => {
  it.each([[[]], [['bogus']], [['install', 'extra']], [['install', '--unknown']]])('prints the usage and exits 2 for %j', async (argv) => {
    const { code, output } = await run(argv);
    expect(code).toBe(2);
    expect(output).toMatch(/usage: pnpm db install/);
  });

  it('refuses install-only flags on other commands', async () => {
    const { code, output } = await run(['update', '--force']);
    expect(code).toBe(2);
    expect(output).toMatch(/belong to install/);
  });

  it('names DATABASE_URL when it is missing', async () => {
    const { code, output } = await run(['status'], {});
    expect(code).toBe(2);
    expect(output).toMatch(/^DATABASE_URL: required/);
  });

  it('exits 1 and prints the error when the installer fails, without showing the password', async () => {
    const { code, output } = await run(['install', '--force'], { DATABASE_URL: 'postgres://kernel:topsecret@127.0.0.1:1/nowhere' });
    expect(code).toBe(1);
    expect(output).toMatch(/error: .*ECONNREFUSED/);
    expect(output).not.toMatch(/topsecret/);
  });
});
