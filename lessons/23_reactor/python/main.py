"""Lesson 23's Python twin: the reactor by hand with `selectors` (epoll on Linux), no
asyncio. Tasks are generators that yield the socket they wait on; the loop registers
it with the selector, waits, and steps the tasks whose socket is ready."""

import selectors
import socket
import threading
import time
from collections import deque

NAMES = ["a", "b", "c"]
ROUNDS = [[1, 2, 0], [2, 0, 1]]  # the order the server answers in, by key
ANSWER_TAKES = 0.05  # the server's time per answer, as a network would take
STUCK_AFTER = 5.0


def main():
    listener = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=serve, args=(listener,), daemon=True).start()
    addr = listener.getsockname()

    print("-- three clients on one thread: one poller, one task per socket --")
    counts = {"replies": 0, "would_block": 0}
    tasks = {key: client(key, addr, counts) for key in range(len(NAMES))}
    waits = run(tasks)
    print(f"{counts['replies']} replies; {counts['would_block']} reads found "
          f"nothing yet; the poller waited {waits} times")


def client(key, addr, counts):
    name = NAMES[key]
    sock = socket.create_connection(addr)
    sock.setblocking(False)
    with sock:
        for round_ in (1, 2):
            sock.send(f"{name} {round_}\n".encode())
            print(f'task {name}: sent "{name} {round_}"')
            reply = yield from read_line(sock, key, counts)
            counts["replies"] += 1
            print(f'task {name}: got "{reply}"')
        print(f"task {name}: done, closes its socket")


def read_line(sock, key, counts):
    """asyncio's sock_recv: try recv; on BlockingIOError, wait for the socket."""
    line = b""
    while True:
        try:
            chunk = sock.recv(64)
        except BlockingIOError:
            counts["would_block"] += 1
            yield sock, key  # to the loop: "wake me when this socket is readable"
            continue
        if not chunk:
            raise EOFError("the server closed")
        line += chunk
        if line.endswith(b"\n"):
            return line.decode().strip()


def run(tasks):
    selector = selectors.DefaultSelector()  # EpollSelector on Linux
    ready = deque(tasks)  # every task starts ready
    waits = 0
    while tasks:
        if not ready:
            waits += 1
            events = selector.select(STUCK_AFTER)
            if not events:
                print(f"stuck: no socket became readable in {STUCK_AFTER:.0f}s")
                break
            for selector_key, _mask in events:
                print(f"  socket {selector_key.data} readable")
                # asyncio removes the reader once the read is done; a selector's
                # registration would otherwise stay (epoll, level-triggered).
                selector.unregister(selector_key.fileobj)
                print(f"  woke task {NAMES[selector_key.data]}")
                ready.append(selector_key.data)
            continue
        key = ready.popleft()
        try:
            sock, key = next(tasks[key])
        except StopIteration:
            del tasks[key]
        else:
            # asyncio's _add_reader: the socket, and whom to wake when it is readable.
            selector.register(sock, selectors.EVENT_READ, key)
    selector.close()
    return waits


def serve(listener):
    """The server, blocking, on its own thread: every first request, then answers
    round by round, each after the previous client sent its next request or closed."""
    clients = [None] * len(NAMES)
    for _ in NAMES:
        conn, _ = listener.accept()
        reader = conn.makefile("rb")
        request = reader.readline().decode().strip()
        clients[NAMES.index(request.split()[0])] = [conn, reader, request]
    answered = 0
    for order in ROUNDS:
        for key in order:
            conn, reader, request = clients[key]
            answered += 1
            time.sleep(ANSWER_TAKES)
            conn.sendall(f"{request}: answer {answered} of 6\n".encode())
            clients[key][2] = reader.readline().decode().strip()


main()
