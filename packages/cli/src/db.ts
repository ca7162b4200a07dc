// `pnpm db install [--force] [--reset-role-passwords] | update | patch | status`
import { runDbCommand } from './installer-cli.js';

process.exitCode = await runDbCommand(process.argv.slice(2), process.env, (line) => console.log(line));
