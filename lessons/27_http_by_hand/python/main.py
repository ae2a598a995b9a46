"""Lesson 27's Python twin: an HTTP GET written by hand on asyncio streams, twenty
pages at once, printed as they complete (as_completed), then in request order
(gather), from a shop the twin starts itself on 127.0.0.1."""

import asyncio

PAGES = 20
# How long the shop waits before it answers /goods/N/, in milliseconds: 240, 280,
# ... 1000, forty apart, dealt out to the pages in a shuffled order.
DELAYS_MS = [440, 680, 320, 800, 520, 920, 640, 280, 1000, 400,
             760, 560, 840, 240, 960, 720, 480, 880, 360, 600]


async def main():
    shop = Shop()
    await shop.start()

    print("-- 20 pages at once, as they complete --")
    await as_they_complete(shop.port)
    await shop.round_over()

    print("-- 20 pages at once, in request order --")
    await in_request_order(shop.port)
    await shop.round_over()


async def as_they_complete(port):
    tasks = [asyncio.create_task(get_page(port, n)) for n in range(PAGES)]
    for next_page in asyncio.as_completed(tasks):
        page = await next_page
        print(page)


async def in_request_order(port):
    pages = await asyncio.gather(*(get_page(port, n) for n in range(PAGES)))
    ids = " ".join(page.id() for page in pages)
    print(f"in request order: goods {ids}")


async def get_page(port, n):
    # The articles' get_url: connect, write a GET by hand, read the answer line by
    # line until the shop closes the connection.
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /goods/{n}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                 "Connection: close\r\n\r\n".encode())
    await writer.drain()
    all_lines = []
    async for raw_line in reader:  # b"...\r\n", until the shop closes its side
        all_lines.append(raw_line.decode().rstrip("\r\n"))
    writer.close()
    await writer.wait_closed()
    return Page(all_lines)


class Page:
    def __init__(self, lines):
        self.status = lines[0].split(" ", 1)[1]
        blank = lines.index("") if "" in lines else len(lines)
        self.body = " ".join(lines[blank:]).strip()
        self.lines = len(lines)

    def id(self):
        return self.body.removeprefix("goods ")

    def __str__(self):
        return f"{self.body} ({self.status}, {self.lines} lines)"


class Shop:
    # The shop, and what it knows of the connections of a round. One Condition
    # wakes whoever waits for the state to change.
    def __init__(self):
        self.changed = asyncio.Condition()
        self.reset()

    def reset(self):
        self.arrived = [False] * PAGES
        self.done = [False] * PAGES
        self.open = 0
        self.most_open = 0

    async def start(self):
        server = await asyncio.start_server(self.answer, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]

    async def round_over(self):
        async with self.changed:
            await self.changed.wait_for(lambda: self.open == 0)
        print(f"most connections open at once: {self.most_open}")
        self.reset()

    async def update(self, change):
        async with self.changed:
            change()
            self.changed.notify_all()

    async def answer(self, reader, writer):
        # start_server runs this in a task per client.
        def opened():
            self.open += 1
            self.most_open = max(self.most_open, self.open)
        await self.update(opened)
        request_line = (await reader.readline()).decode()
        while await reader.readline() not in (b"\r\n", b""):
            pass  # the headers, to the empty line that ends them
        n = int(request_line.split("/")[2])
        await self.update(lambda: self.arrived.__setitem__(n, True))

        await asyncio.sleep(DELAYS_MS[n] / 1000)
        # Its turn: every page with a shorter delay whose request came in has
        # been read to the end by the client.
        ahead = [q for q in range(PAGES) if DELAYS_MS[q] < DELAYS_MS[n]]
        async with self.changed:
            await self.changed.wait_for(
                lambda: all(not self.arrived[q] or self.done[q] for q in ahead))

        body = f"goods {n}\r\n"
        writer.write(f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                     f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
                     f"{body}".encode())
        try:
            await writer.drain()
            writer.write_eof()
            await reader.read()  # b"" once the client has closed its side
        except ConnectionError:
            pass  # a client that hung up early: the page is done all the same
        writer.close()

        def closed():
            self.done[n] = True
            self.open -= 1
        await self.update(closed)


asyncio.run(main())
