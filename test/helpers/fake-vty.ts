import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

/**
 * A daemon's vty socket (RUN_DIR/DAEMON.vty) that answers the way FRR's do: each command ends
 * with a NUL; the reply is its output, three NULs and the status (0: success). `answers` maps a
 * command to its output; `enable` succeeds; any other command fails with status 1.
 */
export async function fakeVty(runDir: string, daemon: string, answers: Record<string, string>): Promise<Server> {
  const server = createServer((socket) => {
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('utf8');
      for (let end = pending.indexOf('\0'); end >= 0; end = pending.indexOf('\0')) {
        const command = pending.slice(0, end);
        pending = pending.slice(end + 1);
        const output = command === 'enable' ? '' : answers[command];
        socket.write(Buffer.concat([Buffer.from(output ?? `% Unknown command: ${command}\n`), Buffer.from([0, 0, 0, output === undefined ? 1 : 0])]));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(join(runDir, `${daemon}.vty`), resolve));
  return server;
}
