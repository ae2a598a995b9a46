"""The Python side of `cargo xtask bench` (the Rust side is `bench/src/main.rs`, the
same workloads on the same command line). Each run does one workload once and
prints one JSON line: the result, which must equal Rust's, the seconds the work
took (the event loop is built before the clock starts), and the process's peak
resident memory in KiB. The runner repeats runs and takes medians.

    bench.py spawn   <asyncio | uvloop> <n>
    bench.py channel <asyncio | uvloop> <n>
    bench.py cpu     <plain | threads | processes> <n>
    bench.py server  aiohttp
    bench.py client  aiohttp <url> <n> <in_flight>

Standard library and aiohttp; uvloop only where it is installed (its variants exit
with code 3 when it is not, and the runner leaves that column out).
"""

import asyncio
import json
import resource
import socket
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

USAGE = """\
usage: bench.py spawn   <asyncio | uvloop> <n>
       bench.py channel <asyncio | uvloop> <n>
       bench.py cpu     <plain | threads | processes> <n>
       bench.py server  aiohttp
       bench.py client  aiohttp <url> <n> <in_flight>"""

CAPACITY = 128  # the bounded queue's maxsize in the channel workload (Rust's too)
CHUNKS = 4  # the cpu workload's pieces, one per pool worker


class Usage(Exception):
    """Bad arguments: the message, if any, then the usage, and exit code 2."""


def main(args):
    match args:
        case ["spawn", variant, n]:
            run(event_loop(variant), timed(spawn(number(n))))
        case ["channel", variant, n]:
            run(event_loop(variant), timed(channel(number(n))))
        case ["cpu", "plain", n]:
            n = number(n)
            start = time.perf_counter()
            result = sum_of_squares(0, n)
            report(result, time.perf_counter() - start)
        case ["cpu", "threads", n]:
            run(None, timed(on_pool(ThreadPoolExecutor, number(n))))
        case ["cpu", "processes", n]:
            run(None, timed(on_pool(ProcessPoolExecutor, number(n))),
                with_children=True)
        case ["server", "aiohttp"]:
            asyncio.run(server())
        case ["client", "aiohttp", url, n, in_flight]:
            if number(in_flight) < 1:
                raise Usage("in_flight must be at least 1")
            run(None, client(url, number(n), number(in_flight)))
        case _:
            raise Usage()


def event_loop(variant):
    """The loop factory for `asyncio.Runner`: asyncio's own loop, or uvloop's."""
    if variant == "asyncio":
        return None
    if variant != "uvloop":
        raise Usage(f"unknown variant: {variant}")
    try:
        import uvloop
    except ImportError:
        print("uvloop not installed", file=sys.stderr)
        sys.exit(3)
    return uvloop.new_event_loop


def run(loop_factory, work, with_children=False):
    """Builds the loop, runs `work` (which returns the result and its seconds) on it,
    and prints the run's JSON line."""
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        result, seconds = runner.run(work)
    report(result, seconds, with_children)


# --- spawn: n tasks that each yield once and return their number ---

async def spawn(n):
    async def task(i):
        await asyncio.sleep(0)  # asyncio's "yield once": back to the loop
        return i

    # `create_task` schedules each task at once, as `tokio::spawn` does.
    tasks = [asyncio.create_task(task(i)) for i in range(n)]
    return sum(await asyncio.gather(*tasks))


# --- channel: 0..n from one producer task to one consumer task, 128 at most queued ---

async def channel(n):
    queue = asyncio.Queue(maxsize=CAPACITY)

    async def producer():
        for i in range(n):
            await queue.put(i)  # waits while the queue is full

    async def consumer():
        # A queue cannot be closed (before 3.13): the consumer counts instead.
        total = 0
        for _ in range(n):
            total += await queue.get()
        return total

    _, total = await asyncio.gather(
        asyncio.create_task(producer()), asyncio.create_task(consumer()))
    return total


# --- cpu: the sum of i * i for i in range(n), exact, then modulo 2**64 ---

def sum_of_squares(start, stop):
    return sum(i * i for i in range(start, stop)) % 2**64


async def on_pool(executor, n):
    # Four chunks on four workers, through `run_in_executor` as the seed does.
    # Threads share one GIL, so only one of them runs Python code at a time;
    # processes have a GIL each. A process pool starts its workers at the first
    # submit: inside the clock, as rayon's threads are in the Rust twin. Leaving
    # `with` waits for the workers to exit, so that RUSAGE_CHILDREN counts them.
    loop = asyncio.get_running_loop()
    bounds = [n * k // CHUNKS for k in range(CHUNKS + 1)]
    with executor(CHUNKS) as pool:
        sums = await asyncio.gather(*(
            loop.run_in_executor(pool, sum_of_squares, start, stop)
            for start, stop in zip(bounds, bounds[1:])))
    return sum(sums) % 2**64


# --- server: GET /item/{i} answers `item {i}` until stdin reaches its end ---

async def server():
    from aiohttp import web  # imported here: the other workloads do without it

    async def item(request):
        return web.Response(text=f"item {request.match_info['i']}")

    app = web.Application()
    app.router.add_get(r"/item/{i:\d+}", item)
    # No access log: one line per request would be most of the server's work.
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    # Our own socket, bound to port 0, so that we can read the port the OS chose.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    print(json.dumps({"port": sock.getsockname()[1]}), flush=True)
    # The runner closes our stdin (or dies) to stop us: read it to its end on a
    # thread, so that the loop keeps serving meanwhile.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)
    await runner.cleanup()


# --- client: n GETs through one session, at most in_flight at once ---

async def client(url, n, in_flight):
    import aiohttp  # imported here: the other workloads do without it

    # One session: it keeps a pool of connections, reused from request to request.
    # Its default limit is 100 connections; allow one per request in flight.
    connector = aiohttp.TCPConnector(limit=in_flight)
    async with aiohttp.ClientSession(connector=connector) as session:
        return await timed(requests(session, url, n, in_flight))


async def requests(session, url, n, in_flight):
    numbers = iter(range(n))

    async def worker():
        # `in_flight` workers share one iterator: each takes the next number as
        # it finishes a request, so at most `in_flight` requests are in flight.
        total = 0
        for i in numbers:
            async with session.get(f"{url}item/{i}") as response:
                if response.status != 200:
                    raise RuntimeError(f"GET {url}item/{i}: {response.status}")
                total += len(await response.read())
        return total

    return sum(await asyncio.gather(*(worker() for _ in range(in_flight))))


# --- helpers ---

async def timed(work):
    """Awaits `work` on a monotonic clock: its result and the seconds it took."""
    start = time.perf_counter()
    result = await work
    return result, time.perf_counter() - start


def report(result, seconds, with_children=False):
    # ru_maxrss is in KiB on Linux.
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if with_children:
        # The worker processes' memory, added to ours: RUSAGE_CHILDREN gives the
        # largest peak of the children that have exited (the pool waits for them
        # as it closes), not their sum, so this is self + the biggest child.
        peak_kb += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"result": result, "seconds": seconds, "peak_kb": peak_kb}))


def number(text):
    try:
        return int(text)
    except ValueError:
        raise Usage(f"not a number: {text}") from None


# The guard matters: a process pool that starts its workers with "spawn" or
# "forkserver" (the default on Linux since 3.14) imports this module in each.
if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Usage as error:
        print(f"bench.py: {error}\n{USAGE}" if str(error) else USAGE,
              file=sys.stderr)
        sys.exit(2)
    except Exception as error:
        print(f"bench.py: {error!r}", file=sys.stderr)
        sys.exit(1)
