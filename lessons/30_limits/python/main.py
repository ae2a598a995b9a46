"""Lesson 30's twin: 1000 connections at once under a soft limit of 128 open
files (EMFILE), then the cures: a Semaphore(64), and the soft limit raised."""
import asyncio
import errno
import resource
import socket
import sys

N = 1000  # connections per section
LOW = 128  # the soft limit the twin lowers itself to
DELAY = 0.05  # how long the server takes to answer


class Flight:
    """How many connections are open now, and the most at once."""
    def __init__(self):
        self.open = 0
        self.max = 0


async def connect(addr, flight):
    """Opens a connection: socket.socket() takes the descriptor (EMFILE here)."""
    sock = socket.socket()
    flight.open += 1
    flight.max = max(flight.max, flight.open)
    try:
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, addr)
        return await asyncio.open_connection(sock=sock)
    except BaseException:
        sock.close()
        flight.open -= 1
        raise


async def get(conn, n, flight):
    """GET /n over HTTP/1.0, then close: the descriptor is free when it returns."""
    reader, writer = conn
    try:
        writer.write(f"GET /{n} HTTP/1.0\r\n\r\n".encode())
        response = (await reader.read()).decode()
    finally:
        writer.close()
        await writer.wait_closed()
        flight.open -= 1
    head, _, body = response.partition("\r\n\r\n")
    if not head.startswith("HTTP/1.0 200"):
        raise OSError(f"a bad answer: {response!r}")
    return body


async def at_once(addr):
    """The articles' mistake: a task per connection, all started at once."""
    flight = Flight()

    async def one(n):
        return await get(await connect(addr, flight), n, flight)

    results = await asyncio.gather(*(one(n) for n in range(N)),
                                   return_exceptions=True)
    return results, flight


async def bounded(addr):
    """The first cure: a permit from before the connection opens until after it
    has closed, so at most 64 are open at once."""
    flight = Flight()
    sem = asyncio.Semaphore(64)

    async def one(n):
        async with sem:
            return await get(await connect(addr, flight), n, flight)

    results = await asyncio.gather(*(one(n) for n in range(N)),
                                   return_exceptions=True)
    return results, flight


def report(outcome):
    results, flight = outcome
    emfile = [r for r in results
              if isinstance(r, OSError) and r.errno == errno.EMFILE]
    answered = sum(1 for n, r in enumerate(results) if r == f"page {n}")
    if emfile:
        first = emfile[0]
        print("some failed with EMFILE: yes")
        # str(first) would be "[Errno 24] Too many open files"; this is Rust's form.
        print(f"first failure: {first.strerror} (os error {first.errno})")
        others = "yes" if answered + len(emfile) == N else "no"
        print(f"the others answered: {others}")
    else:
        print(f"failed: none; answered: {answered} of {N}")
        print(f"at most {flight.max} open at once")


async def main():
    # The server is another process: its descriptors are its own.
    server = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "serve",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    host, port = (await server.stdout.readline()).decode().split()
    addr = (host, int(port))

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (LOW, hard))
    print(f"soft limit of open files lowered to {LOW}")

    print(f"-- {N} connections at once --")
    report(await at_once(addr))
    print(f"-- {N} connections, bounded --")
    report(await bounded(addr))

    # Up to the hard limit, which an ordinary process may not pass.
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print("soft limit raised to the hard limit")
    print(f"room for {N} at once: {'yes' if hard >= N + 64 else 'no'}")

    print(f"-- {N} connections at once --")
    report(await at_once(addr))
    print(f"-- {N} connections, bounded --")
    report(await bounded(addr))

    server.stdin.close()  # the server exits when its stdin closes
    await server.wait()


async def serve():
    """The server: its own limit raised, 127.0.0.1 port 0, `page n` after DELAY."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    async def answer(reader, writer):
        request = await reader.readuntil(b"\r\n\r\n")
        n = request.split()[1].decode().lstrip("/")
        await asyncio.sleep(DELAY)
        writer.write(f"HTTP/1.0 200 OK\r\n\r\npage {n}".encode())
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(answer, "127.0.0.1", 0, backlog=2048)
    host, port = server.sockets[0].getsockname()
    print(host, port, flush=True)
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    await stdin.read()  # to its end: the client closes it when it is done


if __name__ == "__main__":
    asyncio.run(serve() if sys.argv[1:] == ["serve"] else main())
