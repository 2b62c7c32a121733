"""Report printouts: the throughput report."""
