"""Lesson 29's twin: the articles' aiohttp server, on 127.0.0.1, asked by an
aiohttp client; then runner.cleanup() while a slow request is in flight."""
import asyncio
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

SLOW = 0.8  # how long the slow handler works, in seconds
GRACE = 5.0  # how long the shutdown may wait for requests in flight


@dataclass
class Shared:
    """What the handlers share with main (one thread, so no lock)."""
    started: asyncio.Event = field(default_factory=asyncio.Event)
    answered: int = 0


SHARED = web.AppKey("shared", Shared)


async def hello(request):
    name = request.match_info.get("name", "Anonymous")
    return web.Response(text=f"Hello, {name}")


async def slow(request):
    shared = request.app[SHARED]
    shared.started.set()
    await asyncio.sleep(SLOW)
    shared.answered += 1
    return web.Response(text=f"Hello, {request.match_info['name']}, at last")


async def get_text(session, base, path):
    try:
        async with session.get(base + path) as response:
            # Read the body even of a 404: the connection is reused only then.
            body = await response.text()
            if response.status == 200:
                return f"200 {body}"
            return f"{response.status} {response.reason}"
    except aiohttp.ClientConnectorError as error:
        if isinstance(error.os_error, ConnectionRefusedError):
            return "connection refused"
        return f"no answer: {error}"
    except aiohttp.ClientError as error:
        return f"no answer: {error}"


async def main():
    shared = Shared()
    app = web.Application()
    app[SHARED] = shared
    app.add_routes([web.get("/", hello),
                    web.get("/{name}", hello),
                    web.get("/slow/{name}", slow)])
    # web.run_app(app) would serve until Ctrl+C; the runner and the site are
    # the parts it is made of, which a program can start and stop itself.
    runner = web.AppRunner(app, shutdown_timeout=GRACE)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0]
    base = f"http://{host}:{port}"

    async with aiohttp.ClientSession() as session:
        print("-- routes --")
        for path in ["/", "/Ada", "/Ren%C3%A9", "/a/b"]:
            print(f"GET {path} -> {await get_text(session, base, path)}")

        print("-- graceful shutdown --")
        slow_get = asyncio.create_task(get_text(session, base, "/slow/Grace"))
        try:
            await asyncio.wait_for(shared.started.wait(), GRACE)
        except TimeoutError:
            print("GET /slow/Grace never reached its handler")
            return
        print("GET /slow/Grace is in its handler")
        print("shutdown asked")
        # site.stop() closes the listening socket; the runner then closes idle
        # connections and waits up to GRACE for the handlers in flight.
        await runner.cleanup()
        print(f"server stopped; slow requests answered by then: {shared.answered}")
        print(f"GET /slow/Grace -> {await slow_get}")

    async with aiohttp.ClientSession() as fresh:
        print(f"GET / after the shutdown -> {await get_text(fresh, base, '/')}")


asyncio.run(main())
