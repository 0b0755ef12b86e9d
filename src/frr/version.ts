/** The FRR release installed, as its daemons report it ("zebra version 10.3", "8.4.4"). */
export interface FrrVersion {
  readonly major: number;
  readonly minor: number;
  readonly text: string;
}

export function parseFrrVersion(output: string): FrrVersion | undefined {
  const match = /\bversion (\d+)\.(\d+)([\w.+~-]*)/.exec(output);
  if (!match) return undefined;
  const [, major = '', minor = '', rest = ''] = match;
  return { major: Number(major), minor: Number(minor), text: `${major}.${minor}${rest}` };
}

export function atLeast(version: FrrVersion, major: number, minor = 0): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/**
 * What to tell an operator whose fabric session stays Idle, when this FRR has the fault that can
 * cause it: FRR 10.2.0 to 10.3.0 keep a BGP session Idle while its BFD session is down, even one
 * that never came up (FRRouting/frr#18742; fixed by #18562, in 10.3.1 and 10.4). An unnumbered
 * session whose BFD session was registered before bgpd knew its interface then stays Idle for
 * good (the lab saw it on Debian trixie's 10.3 after a restart). Pure.
 */
export function idleSessionFault(version: FrrVersion, bfd: boolean): string | undefined {
  const patch = version.text.slice(`${version.major}.${version.minor}`.length);
  const affected = version.major === 10 && (version.minor === 2 || (version.minor === 3 && /^(\.0)?(?![.\d])/.test(patch)));
  if (!affected || !bfd) return undefined;
  return `FRR ${version.text} keeps a BGP session Idle while its BFD session is down, even one that never came up (FRRouting/frr#18742, fixed in FRR 10.3.1 and 10.4): run a fixed FRR, or set ENABLE_BFD=false`;
}
