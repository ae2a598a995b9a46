"""Lesson 28's Python twin: aiohttp's ClientSession against an aiohttp server the
twin starts itself on 127.0.0.1: one GET, twelve at once gathered in request
order, JSON decoded, raise_for_status, and the connections the server accepted
with one shared session and with a session per GET."""

import asyncio
import functools
import json

import aiohttp
from aiohttp import web

NUMBERS = range(12)
# How long the shop takes to answer /get?a=N for the twelve numbers, in ms.
DELAYS_MS = [700, 300, 1100, 100, 900, 500, 1200, 200, 800, 400, 1000, 600]


async def main():
    shop = Shop()
    await shop.start()
    base = f"http://127.0.0.1:{shop.port}"

    print("-- one GET --")
    await one_get(base)
    shop.round_over()

    print("-- 12 GETs at once, gathered in request order --")
    async with aiohttp.ClientSession() as session:
        try:
            values = await gather(session, base)
            for a, value in zip(NUMBERS, values):
                print(f"fetch({a}) = {value}")
        except Exception as e:
            print(f"gather failed: {e}")
    shop.round_over()

    print("-- 5 GETs in turn on one shared client --")
    async with aiohttp.ClientSession() as session:
        for a in range(12, 17):
            await report(a, fetch(session, f"{base}/get?a={a}"))
    shop.round_over()

    print("-- 5 GETs in turn, a new client for each --")
    for a in range(17, 22):
        async with aiohttp.ClientSession() as session:
            await report(a, fetch(session, f"{base}/get?a={a}"))
    shop.round_over()

    print("-- an error status --")
    async with aiohttp.ClientSession() as session:
        try:
            value = await fetch(session, f"{base}/status/404")
            print(f"fetch(/status/404) = {value}")
        except aiohttp.ClientResponseError as e:
            print(f"fetch(/status/404) failed: HTTP {e.status} {e.message}")
    await shop.stop()


async def report(a, fetching):
    try:
        print(f"fetch({a}) = {await fetching}")
    except Exception as e:
        print(f"fetch({a}) failed: {e}")


async def one_get(base):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/get?a=1") as r:
            print(f"status: {r.status} {r.reason}")
            print(f"body: {await r.text()}")


async def fetch(session, url):
    # The seed's fetch_async, on a session of our own.
    async with session.get(url) as r:
        r.raise_for_status()
        data = await r.json()
        return data["args"]["a"]


async def gather(session, base):
    return await asyncio.gather(
        *(fetch(session, f"{base}/get?a={a}") for a in NUMBERS))


class Shop:
    # aiohttp's web.Application with two httpbin routes, counting what it sees.
    def __init__(self):
        self.accepted = 0
        self.in_flight = 0
        self.most_in_flight = 0

    async def start(self):
        app = web.Application()
        app.add_routes([web.get("/get", self.echo),
                        web.get("/status/{code}", self.status)])
        # A short shutdown_timeout: stop() then never waits long for a handler
        # the server has not yet seen finish (the default is 60 s).
        runner = web.AppRunner(app, shutdown_timeout=1.0)
        await runner.setup()

        # runner.server makes one protocol object per TCP connection: counting
        # its calls counts the connections accepted.
        def protocol():
            self.accepted += 1
            return runner.server()
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(protocol, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        self.runner = runner

    async def stop(self):
        self.server.close()
        await self.server.wait_closed()
        await self.runner.cleanup()

    def round_over(self):
        print(f"most requests in flight at once: {self.most_in_flight}")
        print(f"connections accepted: {self.accepted}")
        self.accepted = self.most_in_flight = 0

    async def echo(self, request):
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        a = request.query.get("a", "")
        if a.isdigit() and int(a) < len(DELAYS_MS):
            await asyncio.sleep(DELAYS_MS[int(a)] / 1000)
        self.in_flight -= 1
        return web.json_response({"args": dict(request.query)},
                                 dumps=functools.partial(json.dumps,
                                                         separators=(",", ":")))

    async def status(self, request):
        return web.Response(status=int(request.match_info["code"]))


asyncio.run(main())
