"""Printers of this PC and their print jobs: the 打印机 sub-tab and the status-bar label."""
