import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where rhythm keeps what it can always compute again (rollups of unchanged files, compiled code),
 * outside any repository; RHYTHM_CACHE=0 (or off) keeps nothing. Loaded at every start
 * (launch.ts), so it imports nothing of rhythm's.
 *
 * $XDG_CACHE_HOME/rhythm, else the platform's (~/.cache, ~/Library/Caches, %LOCALAPPDATA%).
 */
export function cacheFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.RHYTHM_CACHE === '0' || env.RHYTHM_CACHE === 'off') return undefined;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'rhythm');
  const home = env.HOME ?? homedir();
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'rhythm', 'cache') : undefined;
  if (!home || !isAbsolute(home)) return undefined;
  return platform === 'darwin' ? join(home, 'Library', 'Caches', 'rhythm') : join(home, '.cache', 'rhythm');
}

