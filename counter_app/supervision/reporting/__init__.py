"""The improvement report's views and its printout (the figures' SQL is report_figures.py)."""
