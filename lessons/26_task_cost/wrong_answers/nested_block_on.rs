// Waits for each task as `loop.run_until_complete(task)` would.
let handles: Vec<_> = (0..TASKS)
    .map(|i| tokio::spawn(job(i, gauge.clone())))
    .collect();
let mut sum = 0;
for handle in handles {
    sum += tokio::runtime::Handle::current().block_on(handle).unwrap();
}
sum
