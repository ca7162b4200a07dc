export interface Statement {
  /** 0-based character offset of the statement's first character in the file. */
  offset: number;
  text: string;
}

const dollarTag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/** Index just past the (nested) block comment that starts at `index`. */
function skipBlockComment(text: string, index: number): number {
  let nesting = 0;
  let at = index;
  do {
    if (text.startsWith('/*', at)) {
      nesting += 1;
      at += 2;
    } else if (text.startsWith('*/', at)) {
      nesting -= 1;
      at += 2;
    } else at += 1;
  } while (at < text.length && nesting > 0);
  return at;
}

/** Length of the whitespace and (nested) comments a piece of SQL starts with. */
function leadingTrivia(piece: string): number {
  let index = 0;
  for (;;) {
    if (/\s/.test(piece[index] ?? '')) index += 1;
    else if (piece.startsWith('--', index)) {
      const end = piece.indexOf('\n', index);
      index = end < 0 ? piece.length : end + 1;
    } else if (piece.startsWith('/*', index)) index = skipBlockComment(piece, index);
    else return index;
  }
}

/**
 * Splits SQL text at top-level semicolons, skipping strings, quoted
 * identifiers, dollar-quoted bodies and comments. Only used to find which
 * statement of a file failed when PostgreSQL reports no position; files are
 * always executed whole first.
 */
export function splitStatements(text: string): Statement[] {
  const statements: Statement[] = [];
  let start = 0;
  let index = 0;
  let depth = 0; // BEGIN ATOMIC … END bodies contain semicolons of their own.
  const push = (end: number) => {
    const piece = text.slice(start, end);
    // Leading comments belong to no statement: the line reported is the statement's own first line.
    const lead = leadingTrivia(piece);
    const body = piece.slice(lead).trimEnd();
    if (body) statements.push({ offset: start + lead, text: body });
  };
  while (index < text.length) {
    const char = text[index];
    const rest = text.slice(index, index + 2);
    if (rest === '--') {
      const end = text.indexOf('\n', index);
      index = end < 0 ? text.length : end + 1;
    } else if (rest === '/*') {
      index = skipBlockComment(text, index);
    } else if (char === "'" || char === '"') {
      const escapes = char === "'" && /[eE]/.test(text[index - 1] ?? '') && !/[A-Za-z0-9_]/.test(text[index - 2] ?? '');
      index += 1;
      while (index < text.length) {
        if (escapes && text[index] === '\\') index += 2;
        else if (text[index] === char && text[index + 1] === char) index += 2;
        else if (text[index] === char) break;
        else index += 1;
      }
      index += 1;
    } else if (char === '$' && !/[A-Za-z0-9_]/.test(text[index - 1] ?? '')) {
      const tag = dollarTag.exec(text.slice(index));
      if (tag) {
        const end = text.indexOf(tag[0], index + tag[0].length);
        index = end < 0 ? text.length : end + tag[0].length;
      } else index += 1;
    } else if (/[A-Za-z_]/.test(char ?? '') && !/[A-Za-z0-9_]/.test(text[index - 1] ?? '')) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index))?.[0] ?? '';
      const upper = word.toUpperCase();
      if (upper === 'ATOMIC' || (depth > 0 && (upper === 'CASE' || upper === 'BEGIN'))) depth += 1;
      else if (depth > 0 && upper === 'END') depth -= 1;
      index += word.length;
    } else if (char === ';' && depth === 0) {
      push(index);
      start = index + 1;
      index += 1;
    } else index += 1;
  }
  push(text.length);
  return statements;
}
