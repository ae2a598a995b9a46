"""Lesson 21's Python twin: twenty blocking HTTP GETs in run_in_executor, on a
ThreadPoolExecutor(3), against a shop on 127.0.0.1; then the default executor."""

import asyncio
import socket
import socketserver
import threading
import time
from concurrent.futures import ThreadPoolExecutor

# How long the shop takes to answer /goods/N/, in milliseconds: 6.0s in all.
DELAYS_MS = [800, 200, 300, 200, 300, 100, 200, 500, 200, 200,
             400, 600, 100, 300, 100, 700, 200, 300, 100, 200]
THREE_THREADS = 2.1  # the least three threads need for the twenty pages
FIVE = [0, 15, 11, 7, 10]  # 0.4s to 0.8s: all five in flight when unlimited


class Flight:
    # How many GETs are in flight now, and the most there ever were at once. The
    # jobs run on several threads, so a lock guards the counts.
    def __init__(self):
        self.lock = threading.Lock()
        self.now = 0
        self.max = 0

    def enter(self):
        with self.lock:
            self.now += 1
            self.max = max(self.max, self.now)

    def leave(self):
        with self.lock:
            self.now -= 1


def get_page(port, n, flight):
    # The articles' get_url: an HTTP GET on a blocking socket, in a pool thread.
    flight.enter()
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(f"GET /goods/{n}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                       "Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := client.recv(1024):  # b"" once the shop closes
            data += chunk
    body = data.decode().split("\r\n\r\n", 1)[1]
    flight.leave()
    return body


async def twenty_pages(port):
    print("-- 20 pages on a pool of 3 threads --")
    loop = asyncio.get_running_loop()
    flight = Flight()
    start = loop.time()
    # Twenty jobs are submitted at once; the pool runs three, the rest queue.
    with ThreadPoolExecutor(3) as pool:
        jobs = [loop.run_in_executor(pool, get_page, port, n, flight)
                for n in range(len(DELAYS_MS))]
        bodies = await asyncio.gather(*jobs)  # in request order
    took = loop.time() - start
    ids = [body.removeprefix("goods ") for body in bodies]
    print(f"results: goods {' '.join(ids)}")
    print(f"at most {flight.max} in flight")
    one = sum(DELAYS_MS) / 1000
    print(f"took {at_least_or_less(took, THREE_THREADS)} {THREE_THREADS:.1f}s "
          f"and {at_least_or_less(took, one)} {one:.1f}s")


def at_least_or_less(took, secs):
    return "at least" if took >= secs else "less than"


async def five_pages(port, default_pool=None):
    loop = asyncio.get_running_loop()
    if default_pool is not None:
        loop.set_default_executor(default_pool)
    flight = Flight()
    # None: the loop's default executor, created on first use with
    # min(32, os.cpu_count() + 4) threads, unless one was set.
    jobs = [loop.run_in_executor(None, get_page, port, n, flight) for n in FIVE]
    await asyncio.gather(*jobs)
    if flight.max > 3:
        print("more than 3 in flight")
    else:
        print(f"at most {flight.max} in flight")


class Shop(socketserver.StreamRequestHandler):
    # One thread per connection (ThreadingTCPServer): reads the request line and
    # the headers, waits the page's delay, answers and closes.
    def handle(self):
        request_line = self.rfile.readline().decode()
        while self.rfile.readline() not in (b"\r\n", b""):
            pass
        n = int(request_line.split("/")[2])
        time.sleep(DELAYS_MS[n] / 1000)
        self.wfile.write(f"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
                         f"goods {n}".encode())


def start_shop():
    shop = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Shop)
    threading.Thread(target=shop.serve_forever, daemon=True).start()
    return shop.server_address[1]


def main():
    port = start_shop()
    asyncio.run(twenty_pages(port))
    print("-- 5 long pages on the default pool --")
    asyncio.run(five_pages(port))
    print("-- 5 long pages on a default pool of 3 threads --")
    # asyncio.run shuts the loop's default executor down when main returns.
    asyncio.run(five_pages(port, ThreadPoolExecutor(3)))


main()
