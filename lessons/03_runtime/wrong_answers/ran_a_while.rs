    // A plausible wrong answer: `loop.run_until_complete(asyncio.sleep(0))`, "let the
    // loop run once so that the server sees the stop". It does see it, but the
    // runtime is closed before the server has finished stopping.
    stop.notify_one();
    rt.block_on(tokio::task::yield_now());
    rt.shutdown_timeout(Duration::from_millis(100));
