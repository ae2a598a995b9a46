"""Lesson 31's Python twin: the articles' crawler, done right, with aiohttp (client
and servers), html.parser, and sqlite3 through asyncio.to_thread."""

import asyncio
import math
import socket
import sqlite3
import tempfile
import threading
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import aiohttp
from aiohttp import web
from aiohttp.abc import AbstractResolver

LIMIT = 3  # at most this many fetches in flight: the articles' Semaphore(3)


async def main():
    # Every host but the site answers here (127.0.0.1 on another port, and,
    # through the client's resolver, example.com and other.test), counting.
    elsewhere = await Server.start("elsewhere")
    site = await Server.start("site", elsewhere=elsewhere.host)
    print(f"site: {PAGES} pages, with "
          f"{site_offsite_links(site.host, elsewhere.host)} links to other hosts")

    # One session for the whole crawl. trust_env is False by default (no proxy
    # from the environment), and the two other names resolve to `elsewhere`.
    connector = aiohttp.TCPConnector(resolver=OtherHosts(elsewhere.addr))
    with tempfile.TemporaryDirectory() as folder:
        db = Db(Path(folder) / "crawl.db")
        await db.execute(
            "CREATE TABLE pages (url TEXT NOT NULL, title TEXT NOT NULL)")
        start = f"http://{site.host}/"
        flight = Flight()
        async with aiohttp.ClientSession(connector=connector) as session:
            skipped = await crawl(start, session, db, flight)
        print(f"crawl: {flight.fetches} fetches ({flight.failed} failed), "
              f"{flight.most()}, {skipped} off-site links skipped")
        paths = await print_rows(db, start)
        db.close()
    site.print_log("site")
    elsewhere.print_log("other hosts")
    await site.stop()
    await elsewhere.stop()
    return paths


async def crawl(start, session, db, flight):
    # Three permits: a fetch holds one from before its GET until its row is stored.
    sem = asyncio.Semaphore(LIMIT)
    # A URL goes into `seen` when it is queued (the articles added it after the
    # fetch, so a page linked twice before it was fetched was fetched twice).
    seen = {start}
    frontier = deque([start])
    fetches = set()
    skipped = 0

    async def fetch(url):
        async with sem:
            return await visit(session, url, db, flight)

    while True:
        while frontier:
            url = frontier.popleft()
            fetches.add(asyncio.create_task(fetch(url)))
        # Nothing queued and nothing in flight: no new URL can turn up. (The
        # articles ran the loop forever, polling an empty list every 0.5 s.)
        if not fetches:
            break
        done, fetches = await asyncio.wait(
            fetches, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            for link in task.result():
                if origin(link) != origin(start):
                    skipped += 1
                elif link not in seen:
                    seen.add(link)
                    frontier.append(link)
    return skipped


def origin(url):
    """Scheme, host and port, the port spelled out when the URL leaves it out."""
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port or DEFAULT_PORTS.get(parts.scheme)


DEFAULT_PORTS = {"http": 80, "https": 443}


async def visit(session, url, db, flight):
    """Fetches a page, stores its title, returns its links as absolute URLs."""
    if flight.fetches == BUDGET:
        return []
    flight.fetches += 1
    flight.enter()
    try:
        async with session.get(url) as response:
            response.raise_for_status()
            body = await response.text()
    except aiohttp.ClientError:
        flight.failed += 1
        return []
    finally:
        flight.leave()
    parser = Page()
    parser.feed(body)
    # A parameter, never text pasted into SQL: a quote in a title is fine.
    await db.execute("INSERT INTO pages (url, title) VALUES (?, ?)",
                     url, parser.title.strip())
    return [urldefrag(urljoin(url, href)).url for href in parser.hrefs]


class Page(HTMLParser):
    """The <title> and every <a href>; entities decoded, comments skipped."""

    def __init__(self):
        super().__init__()
        self.title, self.hrefs, self.in_title = "", [], False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href"]

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


class Flight:
    def __init__(self):
        self.fetches = self.failed = self.now = self.max = 0

    def enter(self):
        self.now += 1
        self.max = max(self.max, self.now)

    def leave(self):
        self.now -= 1

    def most(self):
        if self.max <= LIMIT:
            return f"at most {self.max} in flight"
        return f"more than {LIMIT} in flight"


class Db:
    """One sqlite3 connection, used from the default executor's threads: sqlite3
    blocks, so no call runs on the loop. A lock lets one thread at a time use it
    (as aiosqlite gives each connection one thread). The articles used aiomysql,
    an async pool for MySQL."""

    def __init__(self, file):
        self.con = sqlite3.connect(file, check_same_thread=False)
        # Deleted at the end: SQLite need not wait for the disk after commits.
        self.con.execute("PRAGMA synchronous = OFF")
        self.lock = threading.Lock()

    def _run(self, sql, args):
        with self.lock, self.con:  # `with con:` commits
            return self.con.execute(sql, args).fetchall()

    async def execute(self, sql, *args):
        return await asyncio.to_thread(self._run, sql, args)

    def close(self):
        self.con.close()


async def print_rows(db, start):
    rows = await db.execute("SELECT url, title FROM pages ORDER BY url")
    print(f"{len(rows)} rows in SQLite, ORDER BY url:")
    origin_text = start.rstrip("/")
    paths = []
    for url, title in rows:
        path = url.removeprefix(origin_text)
        print(f"  {path:<13} {title}")
        paths.append(path)
    return paths


PAGES = 30
BUDGET = 10 * PAGES  # a crawler that loses its seen-set stops after this many
TITLES = [
    "Home: a small site about asyncio",
    "Event loops &amp; callbacks",
    "Coroutines are lazy",
    "Tasks: create_task and spawn",
    "Python's event loop, inside",
    "gather, wait &amp; as_completed",
    "Timeouts",
    "Cancellation",
    "Locks",
    "Semaphores",
    "Events and conditions",
    "Queues",
    "Worker pools",
    "Priority queues",
    "Threads &amp; executors",
    "Processes",
    "A task by hand",
    "A loop by hand",
    "Sockets",
    "HTTP by hand",
    "Clients",
    "Servers",
    "Too many open files",
    "Crawlers",
    "Bloom filters",
    "SQLite",
    "Pools of connections",
    "Back-pressure",
    "Shutting down",
    "Parsing &lt;title&gt;",
]


def delay(i):
    return (30 + (i * 13 % 6) * 20) / 1000


def links(i, site, elsewhere):
    if i == 0:
        return [f"/articles/{j:02}" for j in range(1, 6)] + ["http://example.com/"]
    nxt = i % 29 + 1
    hrefs = ["/", f"/articles/{nxt:02}", f"{i * 4 % 29 + 1:02}",
             f"http://{site}/articles/{i * 7 % 29 + 1:02}#top", f"/articles/{nxt:02}"]
    if i % 3 == 0:
        hrefs.append(f"http://example.com/asyncio/{i:02}")
    if i % 5 == 0:
        hrefs.append(f"http://other.test/feed/{i:02}")
    if i % 7 == 0:
        hrefs.append(f"http://{elsewhere}/mirror/{i:02}")
    return hrefs


def site_offsite_links(site, elsewhere):
    own = f"http://{site}/"
    return sum(1 for i in range(PAGES) for href in links(i, site, elsewhere)
               if href.startswith("http://") and not href.startswith(own))


def page(i, site, elsewhere):
    html = ("<!DOCTYPE html>\n<html><head><title>"
            f"{TITLES[i]}</title></head>\n<body>\n")
    for href in links(i, site, elsewhere):
        html += f'<p><a href="{href}">{href}</a></p>\n'
    if i % 4 == 0:
        html += f'<!-- <a href="/drafts/{i:02}">next week</a> -->\n'
    return html + "</body></html>\n"


def page_number(path):
    if path == "/":
        return 0
    number = path.removeprefix("/articles/")
    if number != path and number.isdigit() and 1 <= int(number) < PAGES:
        return int(number)
    return None


def path_of(i):
    return "/" if i == 0 else f"/articles/{i:02}"


class Server:
    """An aiohttp server on 127.0.0.1, a port the OS picks, and its request log."""

    @classmethod
    async def start(cls, role, elsewhere=None):
        self = cls()
        self.role, self.elsewhere, self.log = role, elsewhere, []
        app = web.Application()
        # One handler for every path: the log sees every request.
        app.router.add_get("/{path:.*}", self.answer)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.addr = sock.getsockname()
        self.host = f"{self.addr[0]}:{self.addr[1]}"
        await web.SockSite(self.runner, sock).start()
        return self

    async def stop(self):
        await self.runner.cleanup()

    async def answer(self, request):
        path = request.path
        self.log.append(path)
        if self.role != "site":
            return web.Response(
                text="<html><head><title>Somebody else's page</title></head></html>",
                content_type="text/html")
        i = page_number(path)
        if i is None:
            raise web.HTTPNotFound()
        await asyncio.sleep(delay(i))
        return web.Response(text=page(i, self.host, self.elsewhere),
                            content_type="text/html")

    def print_log(self, name):
        print(f"{name}: {len(self.log)} requests")
        if name != "site":
            return
        paths = [path_of(i) for i in range(PAGES)]
        twice = [p for p in paths if self.log.count(p) > 1]
        never = [p for p in paths if self.log.count(p) == 0]
        other = sorted({p for p in self.log if page_number(p) is None})
        print(f"  pages fetched more than once: {' '.join(twice) or 'none'}")
        print(f"  pages never fetched: {' '.join(never) or 'none'}")
        print(f"  other paths requested: {' '.join(other) or 'none'}")


class OtherHosts(AbstractResolver):
    """example.com and other.test are `elsewhere`; any other name is unknown.
    (aiohttp asks no resolver for an IP address such as 127.0.0.1.)"""

    def __init__(self, elsewhere):
        self.elsewhere = elsewhere

    async def resolve(self, host, port=0, family=socket.AF_INET):
        if host not in ("example.com", "other.test"):
            raise OSError(f"no such host here: {host}")
        address, port = self.elsewhere
        return [{"hostname": host, "host": address, "port": port,
                 "family": socket.AF_INET, "proto": 0, "flags": 0}]

    async def close(self):
        pass


class Bloom:
    """m bits, k of them set per item; all k set means "maybe seen"."""

    def __init__(self, m, k):
        self.m, self.k, self.bits = m, k, bytearray((m + 7) // 8)

    def positions(self, item):
        h1 = mix(fnv1a(FNV_OFFSET, item))
        h2 = mix(fnv1a(FNV_OFFSET ^ SEED, item))
        return [((h1 + i * h2) & MASK) % self.m for i in range(self.k)]

    def add(self, item):
        for at in self.positions(item):
            self.bits[at // 8] |= 1 << at % 8

    def __contains__(self, item):
        return all(self.bits[at // 8] >> at % 8 & 1 for at in self.positions(item))


MASK = (1 << 64) - 1  # Rust's u64 wraps: Python's ints must be cut to 64 bits
FNV_OFFSET, FNV_PRIME, SEED = 0xCBF29CE484222325, 0x100000001B3, 0x9E3779B97F4A7C15


def fnv1a(seed, item):
    h = seed
    for byte in item.encode():
        h = ((h ^ byte) * FNV_PRIME) & MASK
    return h


def mix(h):
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & MASK
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & MASK
    return h ^ (h >> 33)


def bloom_filter(crawled):
    m, k, tests = 10_000, 7, 10_000
    added = crawled + [f"/archive/{i:04}" for i in range(1000)]
    bloom = Bloom(m, k)
    for path in added:
        bloom.add(path)
    n = len(added)
    print(f"-- the seen-set as a Bloom filter: {m} bits, {k} hashes --")
    found = sum(1 for path in added if path in bloom)
    print(f"added {n} paths ({len(crawled)} crawled, 1000 made up); "
          f"found again: {found}")
    false_positives = sum(1 for i in range(tests) if f"/search?q={i}" in bloom)
    theory = (1 - math.exp(-k * n / m)) ** k
    print(f"{tests} paths never added: {false_positives} called seen "
          f"({100 * false_positives / tests:.2f}%), theory {100 * theory:.2f}%")


# The filter is plain computation: it runs after the loop, not on it.
bloom_filter(asyncio.run(main()))
