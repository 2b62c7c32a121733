"""Printouts of supervision: the written reply to a complaint, the improvement report."""
