"""Who an applicant is, checked and masked: resident ID, passport and permit numbers,
unified social credit and organisation codes, mobile and postal codes (check digits), and
the masking of personal data in lists (masking).

Pure rules, no I/O. May import counter_app.core only.
"""
