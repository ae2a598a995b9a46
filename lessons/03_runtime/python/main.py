"""Lesson 03's Python twin: the loop's life cycle, from asyncio.run to close."""

import asyncio
import queue
import threading


def main():
    outside_any_loop()

    print("-- asyncio.run: run main, then close the loop --")
    answer = asyncio.run(async_main())
    print(f"main returned {answer}")

    a_loop_you_own()
    stop_then_close()
    which_thread()


def outside_any_loop():
    print("-- outside any loop --")
    print(f"a loop is running here: {yes_no(loop_is_running())}")
    # Take one step of asyncio.sleep by hand, as a loop would: it needs a running
    # loop.
    timer = asyncio.sleep(0.1)
    try:
        timer.send(None)
        failed = False
    except RuntimeError:
        failed = True
    finally:
        timer.close()
    print(f"a timer outside any loop: {'fails' if failed else 'works'}")


background = set()  # asyncio keeps only weak references to tasks


async def async_main():
    print(f"a loop is running here: {yes_no(loop_is_running())}")
    task = asyncio.create_task(leftover())
    background.add(task)
    # Let it start: a task cancelled before its first step never enters its `try`.
    await asyncio.sleep(0)
    return 42


async def leftover():
    try:
        await asyncio.Event().wait()  # never set
    except asyncio.CancelledError:
        # asyncio.run cancels every task still pending when main returns.
        print("leftover task: cancelled at shutdown")
        raise


def a_loop_you_own():
    print("-- a loop you own: run it, run it forever, stop it --")
    # asyncio.Runner (3.11) is asyncio.run cut in three: it makes the loop, runs it as
    # often as you like (runner.run(coro)), and closes it at the end of `with`.
    with asyncio.Runner() as runner:
        loop = runner.get_loop()

        task = loop.create_task(one())
        print("spawned a task: it has not run yet")
        print(f"run until complete returned {loop.run_until_complete(task)}")

        loop.call_soon(stop_callback, loop)
        print("running until a callback stops the loop")
        loop.run_forever()
        print("stopped")


async def one():
    print("  the task runs, inside the run")
    return 1


def stop_callback(loop):
    print("  a callback calls stop")
    loop.stop()


def stop_then_close():
    print("-- stop a server, then close the loop --")
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    server = loop.create_task(serve(stop))
    # A blocking job still running when the loop closes.
    go, report = threading.Event(), queue.SimpleQueue()
    loop.run_in_executor(None, blocking_job, go, report)
    assert report.get() == "started"

    # An Event remembers that it was set, so the server sees the stop even though it
    # has not started yet (like `loop.stop()` called before `run_forever()`).
    stop.set()
    how = loop.run_until_complete(server)
    # close() shuts the default executor down without waiting for its jobs.
    # (asyncio.run and Runner.close wait for them: forever on 3.11, up to 300s since
    # 3.12.)
    loop.close()

    print(f"closed; the server {how}")
    go.set()  # now let the blocking job end
    print(f"the blocking job {report.get()}")


async def serve(stop):
    print("  server: running")
    try:
        await asyncio.wait_for(stop.wait(), 3)
    except TimeoutError:
        return "gave up: no stop came within 3s"
    print("  server: told to stop, closing its connections")
    await asyncio.sleep(0.1)
    return "stopped when told"


def blocking_job(go, report):
    report.put("started")
    if go.wait(3):
        report.put("ended when main said go")
    else:
        report.put("gave up: nobody said go within 3s")


def which_thread():
    print("-- which thread runs a spawned task --")
    on_main = asyncio.run(spawned_task_runs_on_main())
    print(f"current-thread loop: the task ran on main: {yes_no(on_main)}")
    # asyncio has no multi-thread loop. The nearest thing: a loop running on a worker
    # thread while main waits for the answer.
    loop = asyncio.new_event_loop()
    worker = threading.Thread(target=loop.run_forever)
    worker.start()
    future = asyncio.run_coroutine_threadsafe(spawned_task_runs_on_main(), loop)
    on_main = future.result()
    loop.call_soon_threadsafe(loop.stop)
    worker.join()
    loop.close()
    print(f"loop on worker threads: the task ran on main: {yes_no(on_main)}")


async def spawned_task_runs_on_main():
    async def where():
        return threading.current_thread() is threading.main_thread()

    return await asyncio.create_task(where())


def loop_is_running():
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:  # "no running event loop"
        return False


def yes_no(b):
    return "yes" if b else "no"


main()
