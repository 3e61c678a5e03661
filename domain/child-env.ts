import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * The environment a child process gets: only what a program needs to run
 * (search path, locale, time zone, temp folder) plus what the caller names.
 * Secrets such as ADMIN_API_KEY stay in the parent: a child's environment is
 * readable in /proc by the same user and is copied into crash reports.
 */
const PASSED_THROUGH = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'HOME'] as const;

export function childEnv(
  extra: Record<string, string> = {},
  from: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = from[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * `setpriv` from util-linux (on every Debian-based image), or null. Run as
 * `setpriv --pdeathsig SIGKILL -- <program>`, the kernel signals the program
 * when the process that started it dies, however it dies.
 */
export function setprivPath(): string | null {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const candidate = path.join(dir || '.', 'setpriv');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
