"""Report rules as plain data: periods, percentiles, rates."""
