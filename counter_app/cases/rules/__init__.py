"""Pure rules of a case: its states and transitions, reception forms, approval results,
delivery checks, case numbers.

Standard library, core, identity, hall.rules and i18n only (import-linter: "Rules are pure").
"""
