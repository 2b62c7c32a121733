"""Supervision (standard clause 8; R-SUP-2..9, R-REC-8): evaluations and the follow-up of bad
reviews, the complaints and suggestions register, staff training, assessment and
reward/punishment, improvement reports, satisfaction surveys and visits per matter.

Services here are plain Python: the counter's 主管 tab, the rating screens (``main.py --mode
rate``), the kiosk and ``counter-admin`` call the same ones."""
