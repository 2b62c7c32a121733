"""Pure rules of the queue: ticket and window states, priorities and numbering, what is
announced, wait and service times.

Standard library, counter_app.core and i18n only (import-linter: "Rules are pure").
"""
