// Fire and forget, as with asyncio.create_task: each task adds its number to a shared
// total, and the total is read once they are all spawned.
let total = Arc::new(AtomicU64::new(0));
for i in 0..TASKS {
    let total = Arc::clone(&total);
    let gauge = gauge.clone();
    tokio::spawn(async move {
        total.fetch_add(job(i, gauge).await, Ordering::SeqCst);
    });
}
total.load(Ordering::SeqCst)
