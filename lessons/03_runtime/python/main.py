"""Lesson 03's Python twin: the loop's life cycle, and run_until_complete by hand."""

import asyncio
import threading


def main():
    outside_any_loop()

    print("-- run main to completion, then close the loop --")
    answer = asyncio.run(async_main())
    print(f"main returned {answer}")

    a_loop_you_own()
    which_thread()

    print("-- run until complete, by hand --")
    loop = asyncio.new_event_loop()
    print(f"result: {run_until_complete_by_hand(loop, reply_from_thread())}")
    loop.close()

    print("-- run until complete, by the runtime --")
    loop = asyncio.new_event_loop()
    print(f"result: {loop.run_until_complete(reply_from_thread())}")
    loop.close()


def outside_any_loop():
    print("-- outside any loop --")
    print(f"a loop is running here: {yes_no(loop_is_running())}")
    # Take one step of asyncio.sleep by hand, as a loop would: it needs a running loop.
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
    print("-- a loop you own: create, run, run forever, close --")
    loop = asyncio.new_event_loop()

    task = loop.create_task(one())
    print("spawned a task: it has not run yet")
    print(f"run until complete returned {loop.run_until_complete(task)}")

    loop.call_soon(stop_callback, loop)
    print("running until a callback stops the loop")
    loop.run_forever()
    print("stopped")

    started, go, finished = threading.Event(), threading.Event(), threading.Event()
    loop.run_in_executor(None, blocking_job, started, go, finished)
    started.wait()
    # close() shuts the default executor down without waiting for its jobs.
    loop.close()
    print("closed; the blocking job is still running")
    go.set()
    finished.wait()
    print("the blocking job finished after the loop closed")


async def one():
    print("  the task runs, inside the run")
    return 1


def stop_callback(loop):
    print("  a callback calls stop")
    loop.stop()


def blocking_job(started, go, finished):
    started.set()
    go.wait()
    finished.set()


def which_thread():
    print("-- which thread runs a spawned task --")
    on_main = asyncio.run(spawned_task_runs_on_main())
    print(f"current-thread loop: the task ran on main: {yes_no(on_main)}")
    # asyncio has no multi-thread loop. The nearest thing: a loop running on a worker
    # thread while main waits for the answer.
    loop = asyncio.new_event_loop()
    worker = threading.Thread(target=loop.run_forever)
    worker.start()
    on_main = asyncio.run_coroutine_threadsafe(spawned_task_runs_on_main(), loop).result()
    loop.call_soon_threadsafe(loop.stop)
    worker.join()
    loop.close()
    print(f"loop on worker threads: the task ran on main: {yes_no(on_main)}")


async def spawned_task_runs_on_main():
    async def where():
        return threading.current_thread() is threading.main_thread()

    return await asyncio.create_task(where())


def run_until_complete_by_hand(loop, coro):
    # What loop.run_until_complete does: wrap the coroutine in a task, give the task a
    # done-callback that stops the loop, and run the loop forever.
    task = loop.create_task(coro)
    task.add_done_callback(lambda _: loop.stop())
    loop.run_forever()
    return task.result()


async def reply_from_thread():
    # One task step is one Rust poll. Step 1 ends at the `await` below: Pending.
    loop = asyncio.get_running_loop()
    reply = loop.create_future()
    print("poll #1: Pending")
    threading.Thread(target=answer, args=(loop, reply)).start()
    value = await reply
    # Step 2 runs once the other thread has woken the loop.
    print(f"poll #2: Ready({value})")
    return value


def answer(loop, reply):
    print("other thread: sends 42, which wakes the waiting thread")
    # Wakes the loop's selector (through a self-pipe), then set_result runs on the loop.
    loop.call_soon_threadsafe(reply.set_result, 42)


def loop_is_running():
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:  # "no running event loop"
        return False


def yes_no(b):
    return "yes" if b else "no"


main()
