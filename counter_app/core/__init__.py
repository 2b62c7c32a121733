"""The kernel every area stands on: the error type the screens show beside a field
(errors), staff roles and the acting person (roles), and text normalisation (normalize).

Owns no data. Imports only the standard library and counter_app.i18n.
"""
