import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';

const manifestSchema = z.object({
  name: z.string().min(1),
  create: z.array(z.string()).default([]),
  code: z.array(z.string()).default([]),
  seed: z.array(z.string()).default([]),
  sync: z.array(z.string()).default([]),
  grants: z.record(z.string(), z.array(z.string())).default({}),
});

export type Manifest = z.infer<typeof manifestSchema>;

export interface Module {
  /** Folder name shown in progress lines (`01-kernel`). */
  label: string;
  dir: string;
  manifest: Manifest;
}

export interface Patch {
  /** The name recorded in `db.patch_log`: `platform/P00000001`, `config/<name>/P00000001`. */
  name: string;
  file: string;
}

export interface Tree {
  root: string;
  modules: Module[];
  patches: Patch[];
  configuration: string | undefined;
}

export class InstallerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstallerError';
  }
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function readManifest(dir: string, root: string): Manifest {
  const file = join(dir, 'module.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InstallerError(`${relative(root, file)}: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InstallerError(`${relative(root, file)}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  for (const key of ['create', 'code', 'seed', 'sync'] as const) {
    for (const name of parsed.data[key]) {
      if (!existsSync(join(dir, name))) throw new InstallerError(`${relative(root, file)}: ${key} lists ${name}, which does not exist`);
    }
  }
  return parsed.data;
}

/** A layer folder is one module (it has module.json) or module subfolders in name order. */
function layerModules(dir: string, root: string): Module[] {
  if (!isDir(dir)) return [];
  if (existsSync(join(dir, 'module.json'))) return [{ label: relative(join(root, 'sql'), dir), dir, manifest: readManifest(dir, root) }];
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name))
    .filter((sub) => isDir(sub) && existsSync(join(sub, 'module.json')))
    .map((sub) => ({ label: relative(join(root, 'sql'), sub), dir: sub, manifest: readManifest(sub, root) }));
}

const patchPattern = /^P\d{8}\.sql$/;

function layerPatches(dir: string, prefix: string): Patch[] {
  const patchDir = join(dir, 'patch');
  if (!isDir(patchDir)) return [];
  return readdirSync(patchDir)
    .filter((name) => patchPattern.test(name))
    .sort()
    .map((name) => ({ name: `${prefix}/${name.slice(0, -'.sql'.length)}`, file: join(patchDir, name) }));
}

/** `PGFLEET_CONFIGURATION`, else the single folder under sql/configuration, else none. */
export function chooseConfiguration(root: string, env: NodeJS.ProcessEnv): string | undefined {
  const base = join(root, 'sql', 'configuration');
  const wanted = env.PGFLEET_CONFIGURATION;
  if (wanted) {
    if (!isDir(join(base, wanted))) throw new InstallerError(`PGFLEET_CONFIGURATION=${wanted}: no folder sql/configuration/${wanted}`);
    return wanted;
  }
  const folders = isDir(base) ? readdirSync(base).filter((name) => isDir(join(base, name))) : [];
  if (folders.length > 1) throw new InstallerError(`sql/configuration holds ${folders.join(', ')}: set PGFLEET_CONFIGURATION to choose one`);
  return folders[0];
}

/** The modules in load order (platform → configuration → bus) and the patches in apply order. */
export function readTree(root: string, env: NodeJS.ProcessEnv): Tree {
  const sql = join(root, 'sql');
  const configuration = chooseConfiguration(root, env);
  const configDir = configuration ? join(sql, 'configuration', configuration) : undefined;
  const modules = [
    ...layerModules(join(sql, 'platform'), root),
    ...(configDir ? layerModules(configDir, root) : []),
    ...layerModules(join(sql, 'bus'), root),
  ];
  const patches = [
    ...layerPatches(join(sql, 'platform'), 'platform'),
    ...(configDir && configuration ? layerPatches(configDir, `config/${configuration}`) : []),
  ];
  return { root, modules, patches, configuration };
}
