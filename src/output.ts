import { writeSync } from 'node:fs';
import { OutputError } from './errors.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to file descriptor `fd` (1 stdout, 2 stderr) before returning, as Node's
 * own process.stdout does for files and pipes on Linux, without the stream Node builds for it at
 * the first write (the streams' modules are a twentieth of `render`'s time). A descriptor another
 * process left non-blocking refuses with EAGAIN while the reader is behind: wait a millisecond
 * and go on.
 */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
      else
        throw new OutputError(
          `could not write to ${fd === 1 ? 'stdout' : fd === 2 ? 'stderr' : `file descriptor ${fd}`}: ${code ?? (error as Error).message}`,
          [],
          { cause: error },
        );
    }
  }
}
