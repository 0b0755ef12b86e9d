import { createConnection } from 'node:net';
import { join } from 'node:path';

/**
 * One command to one FRR daemon over its vty socket (RUN_DIR/<daemon>.vty), the way vtysh itself
 * talks to the daemons: each command and a NUL out; its output, three NULs and its status back.
 * The session monitor asks every few seconds; a vtysh process for each question cost more CPU
 * than everything else the supervisor does while FRR runs (it starts, loads every daemon's
 * grammar and connects to each daemon, every time).
 */
export async function vtyCommand(runDir: string, daemon: string, command: string, timeoutMs = 10_000): Promise<string> {
  const path = join(runDir, `${daemon}.vty`);
  // A daemon's vty starts in view mode, where bfdd has none of its show commands: enable first,
  // as vtysh does.
  const commands = ['enable', command];
  return new Promise((resolve, reject) => {
    let pending = Buffer.alloc(0);
    const socket = createConnection(path);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    const send = () => socket.write(`${commands[0]}\0`);
    socket.setTimeout(timeoutMs, () => fail(new Error(`${daemon}: no answer to "${command}" within ${timeoutMs} ms`)));
    socket.on('error', (error) => fail(new Error(`${daemon}: ${error.message}`)));
    socket.on('connect', send);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      const reply = parseVtyReply(pending);
      if (!reply) return;
      pending = Buffer.alloc(0);
      const sent = commands.shift();
      if (reply.status !== cmdSuccess) return fail(new Error(`${daemon}: "${sent}" failed (status ${reply.status}): ${reply.text.trim()}`));
      if (commands.length > 0) return send();
      socket.destroy();
      resolve(reply.text);
    });
    socket.on('end', () => fail(new Error(`${daemon}: closed the vty before answering "${command}"`)));
  });
}

/** FRR's CMD_SUCCESS. */
const cmdSuccess = 0;

/** A complete reply (its output and status), or undefined while the end marker has not arrived. */
export function parseVtyReply(buffer: Buffer): { text: string; status: number } | undefined {
  const n = buffer.length;
  if (n < 4 || buffer[n - 4] !== 0 || buffer[n - 3] !== 0 || buffer[n - 2] !== 0) return undefined;
  return { text: buffer.subarray(0, n - 4).toString('utf8'), status: buffer[n - 1] ?? 0 };
}
