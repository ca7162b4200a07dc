import pc from 'picocolors';

export type LineWriter = (source: string, line: string) => void;

// One colour per source, stable across runs so a service is recognisable at a glance.
const palette = [pc.cyan, pc.green, pc.yellow, pc.blue, pc.magenta, pc.red, pc.gray, pc.white];
const width = 8;

/**
 * Prefixed, coloured lines on stdout (`app      │ …`). picocolors turns colour
 * off by itself when stdout is not a terminal or NO_COLOR is set, so piped
 * output and tests see plain text.
 */
export function createLineWriter(out: NodeJS.WritableStream = process.stdout): LineWriter {
  const colours = new Map<string, (text: string) => string>();
  const colourOf = (source: string) => {
    let colour = colours.get(source);
    if (!colour) {
      colour = palette[colours.size % palette.length] ?? pc.white;
      colours.set(source, colour);
    }
    return colour;
  };
  return (source, line) => {
    out.write(`${colourOf(source)(`${source.padEnd(width)} │`)} ${line}\n`);
  };
}

export interface LauncherLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The launcher's own messages, under the `pgfleet` prefix. */
export function launcherLog(write: LineWriter): LauncherLog {
  return {
    info: (message) => write('pgfleet', message),
    warn: (message) => write('pgfleet', pc.yellow(message)),
    error: (message) => write('pgfleet', pc.red(pc.bold(message))),
  };
}
