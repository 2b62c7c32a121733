"""Pure rules of the hall: its settings as data, a catalogue item's content, working days.

Standard library, counter_app.core and i18n only (import-linter: "Rules are pure").
"""
