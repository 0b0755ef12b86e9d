#!/usr/bin/env python3
"""A TCP stream held open through a lab scenario (issue 15: do planned changes keep connections?).

  stream.py serve NAME ADDR PORT
      Answers every line a client sends with "NAME <line>", one thread per connection.
  stream.py hold SRC DST PORT OUT STOP
      Connects from SRC to DST:PORT, sends a numbered line every 100 ms until the file STOP
      exists, then waits up to 60 s for the answers still due, and writes one line to OUT
      (and, once connected, OUT.connected: the time it connected, in ms since the epoch):
      "held <server> <sent> <answered> <longest ms without an answer while one was due>" or
      "reset <server> <ms into the stream> <sent> <answered> <longest ms ...>" (the connection
      ended: a reset, or the other side closed it) or "failed <why>" (no connection at all).

A node's server runs in its host network namespace, outside the extension's container, as a
workload's would: the service restarting does not end it, only the network can.
"""
import os
import select
import socket
import sys
import threading
import time


def serve(name, addr, port):
    listener = socket.socket(socket.AF_INET6 if ':' in addr else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((addr, port))
    listener.listen(16)

    def answer(conn):
        with conn, conn.makefile('rb') as lines:
            try:
                for line in lines:
                    conn.sendall(name.encode() + b' ' + line)
            except OSError:
                pass

    while True:
        conn, _ = listener.accept()
        threading.Thread(target=answer, args=(conn,), daemon=True).start()


def hold(src, dst, port, out, stop):
    now = time.monotonic
    try:
        conn = socket.create_connection((dst, port), timeout=10, source_address=(src, 0))
    except OSError as error:
        return f'failed {error.strerror or error}'
    conn.setblocking(False)
    with open(out + '.connected', 'w') as f:
        f.write(f'{int(time.time() * 1000)}\n')
    started = now()
    sent = answered = 0
    server = '?'
    pending = b''
    last_answer = started  # answers due since: the stall clock runs only while one is due
    longest = 0.0
    next_send = started
    stopped_at = None
    while True:
        t = now()
        if stopped_at is None and os.path.exists(stop):
            stopped_at = t
        if stopped_at is None and t >= next_send:
            try:
                conn.send(f'{sent}\n'.encode())
                sent += 1
            except BlockingIOError:
                pass  # the send buffer is full while the path is down: the line goes next time
            except OSError:
                return f'reset {server} {int((t - started) * 1000)} {sent} {answered} {int(longest * 1000)}'
            next_send = t + 0.1
        if answered == sent:
            last_answer = t
        else:
            longest = max(longest, t - last_answer)
        if stopped_at is not None and (answered == sent or t - stopped_at > 60):
            return f'held {server} {sent} {answered} {int(longest * 1000)}'
        readable, _, _ = select.select([conn], [], [], 0.05)
        if not readable:
            continue
        try:
            data = conn.recv(65536)
        except BlockingIOError:
            continue
        except OSError:
            data = b''
        if not data:
            return f'reset {server} {int((now() - started) * 1000)} {sent} {answered} {int(longest * 1000)}'
        pending += data
        *lines, pending = pending.split(b'\n')
        for line in lines:
            server = line.split(b' ', 1)[0].decode(errors='replace') or '?'
            answered += 1
            last_answer = now()


if __name__ == '__main__':
    if sys.argv[1:2] == ['serve'] and len(sys.argv) == 5:
        serve(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1:2] == ['hold'] and len(sys.argv) == 7:
        result = hold(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6])
        with open(sys.argv[5], 'w') as f:
            f.write(result + '\n')
    else:
        sys.exit(__doc__)
