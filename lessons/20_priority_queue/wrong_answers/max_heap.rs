/// A plausible wrong answer: `heapq` is a min-heap, but Rust's `BinaryHeap` is a
/// max-heap. Without `Reverse`, the largest number comes out first.
#[derive(Default)]
struct Smallest(BinaryHeap<u32>);

impl Store for Smallest {
    type Item = u32;

    fn put(&mut self, item: u32) {
        self.0.push(item);
    }

    fn get(&mut self) -> Option<u32> {
        self.0.pop()
    }
}
