// region: timer_order
// A plausible wrong answer: timers ordered by deadline, as Python's `heapq` wants
// them. But `BinaryHeap` pops the greatest: the latest deadline comes out first.
self.when.cmp(&other.when).then(self.seq.cmp(&other.seq))
