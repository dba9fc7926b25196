/**
 * `.craftfmt` (TOML, `indent = N`): the nearest one in a file's folder or above it. One lookup for
 * `craft fmt` and the language server, so both format a file to the same bytes. Reading is the caller's
 * (the CLI reads regular files only, with its size limit); a bad file is data here, worded for the user.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type IndentSetting = { ok: true; indent: number | undefined } | { ok: false; message: string };

/** Reads a file's text; it may throw (the CLI's reader throws its usage errors). */
export type ReadText = (path: string) => string;

export const craftfmtName = '.craftfmt';

/** What a `.craftfmt` says, or why it cannot be used. */
export async function parseCraftfmt(text: string, path: string): Promise<IndentSetting> {
  const { parse } = await import('smol-toml');
  let table: Record<string, unknown>;
  try {
    table = parse(text);
  } catch (e) {
    return { ok: false, message: `${path}: is not valid TOML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
  for (const key of Object.keys(table)) {
    if (key !== 'indent') return { ok: false, message: `${path}: unknown setting "${key}" (the one setting is indent)` };
  }
  const indent = table['indent'];
  if (indent === undefined) return { ok: true, indent: undefined };
  if (typeof indent !== 'number' || !Number.isInteger(indent) || indent < 0 || indent > 16) {
    return { ok: false, message: `${path}: indent: expected a whole number from 0 to 16` };
  }
  return { ok: true, indent };
}

/** The nearest `.craftfmt` per folder, each folder looked up once per lookup object. */
export class CraftfmtLookup {
  private readonly byFolder = new Map<string, IndentSetting>();

  constructor(
    private readonly cwd: string,
    private readonly read: ReadText,
  ) {}

  async indentFor(file: string): Promise<IndentSetting> {
    return this.inFolder(dirname(resolve(this.cwd, file)));
  }

  private async inFolder(folder: string): Promise<IndentSetting> {
    const known = this.byFolder.get(folder);
    if (known !== undefined) return known;
    const config = join(folder, craftfmtName);
    let setting: IndentSetting;
    if (existsSync(config)) setting = await parseCraftfmt(this.read(config), config);
    else {
      const parent = dirname(folder);
      setting = parent === folder ? { ok: true, indent: undefined } : await this.inFolder(parent);
    }
    this.byFolder.set(folder, setting);
    return setting;
  }
}
