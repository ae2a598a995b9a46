"""Lesson 14's Python twin: a cache that fetches the same page twice without a lock
and once with one; the articles' lock, taken by main and released by a timer."""

import asyncio
import functools

class Site:
    # Stands for a slow web site: a fetch takes a second, and the site counts them.
    def __init__(self):
        self.loop = asyncio.get_running_loop()
        self.start = self.loop.time()
        self.fetches = 0

    async def fetch(self, who, url):
        print(f"{self.now()} {who}: fetching {url}")
        await asyncio.sleep(1)
        self.fetches += 1
        return f"<page of {url}>"

    def now(self):
        return f"{self.loop.time() - self.start:.1f}s"


async def callers(site, get):
    # index wants another page; parse_stuff and use_stuff want the same page.
    async def caller(who, url, after):
        await asyncio.sleep(after)
        print(f"{site.now()} {who}: asks for {url}")
        page = await get(site, who, url)
        print(f"{site.now()} {who}: got {page}")

    await asyncio.gather(
        caller("index", "/index", 0),
        caller("parse", "/stuff", 0.2),
        caller("use", "/stuff", 0.7),
    )
    print(f"fetches: {site.fetches}")


async def without_a_lock():
    print("-- a cache without a lock --")
    cache = {}

    async def get_stuff(site, who, url):
        if url in cache:
            return cache[url]
        # Nothing stops another task from missing too while this one waits.
        page = await site.fetch(who, url)
        cache[url] = page
        return page

    await callers(Site(), get_stuff)


async def with_a_lock():
    print("-- a cache with a lock --")
    cache = {}
    lock = asyncio.Lock()

    async def get_stuff(site, who, url):
        async with lock:
            if url in cache:
                return cache[url]
            # Still holding the lock: the next caller waits until the page is stored.
            page = await site.fetch(who, url)
            cache[url] = page
            return page

    await callers(Site(), get_stuff)


def unlock(lock, start):
    now = asyncio.get_running_loop().time() - start
    print(f"{now:.1f}s callback releasing lock")
    lock.release()


async def take_in_turn(name, lock, start):
    loop = asyncio.get_running_loop()
    print(f"{name} waiting for the lock")
    async with lock:
        now = loop.time() - start
        print(f"{now:.1f}s {name} acquired lock")
    print(f"{now:.1f}s {name} released lock")


async def released_by_a_timer():
    print("-- a lock released by a timer --")
    loop = asyncio.get_running_loop()
    start = loop.time()
    lock = asyncio.Lock()
    await lock.acquire()
    # Any code may release an asyncio.Lock: here, a callback 0.1s later.
    loop.call_later(0.1, functools.partial(unlock, lock, start))
    tasks = [asyncio.create_task(take_in_turn(n, lock, start)) for n in ("l1", "l2")]
    await asyncio.wait(tasks)


async def main():
    await without_a_lock()
    await with_a_lock()
    await released_by_a_timer()


asyncio.run(main())
