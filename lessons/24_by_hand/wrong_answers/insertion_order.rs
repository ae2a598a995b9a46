// region: timer_order
// A plausible wrong answer: the timers come out in the order they were made, the
// first one first, whatever their deadlines.
other.seq.cmp(&self.seq)
