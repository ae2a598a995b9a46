// Takes the results of the tasks that are done, as `[t.result() for t in tasks if
// t.done()]` would; the other handles are dropped, and smol cancels their tasks.
let jobs: Vec<smol::Task<u64>> = (1..=3)
    .map(|i| smol::spawn(smol_job(i, tx.clone(), flight.clone())))
    .collect();
let mut results = Vec::new();
for job in jobs {
    if job.is_finished() {
        results.push(job.await);
    }
}
