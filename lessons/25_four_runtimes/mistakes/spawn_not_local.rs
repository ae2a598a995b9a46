// The same LocalPool, two ways to spawn: `spawn_local` (the `LocalSpawn` trait)
// takes a future that holds an `Rc`; `spawn` (the `Spawn` trait) demands `Send`.
use std::rc::Rc;

use futures::executor::LocalPool;
use futures::task::{LocalSpawnExt, SpawnExt};

fn main() {
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    let name = Rc::new(String::from("job"));
    let local_name = Rc::clone(&name);
    spawner
        .spawn_local(async move { println!("{local_name}") })
        .unwrap();
    spawner.spawn(async move { println!("{name}") }).unwrap();
    pool.run();
}
