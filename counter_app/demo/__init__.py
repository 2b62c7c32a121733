"""Realistic demo applicants and cases for training and benchmarks (seed, plan, data,
bulk). Imported by nothing but the command line (an import-linter contract says so).
"""
