"""The integrity file (诚信档案; R-SUP-6, R-SUP-8): dishonesty records of applicants and IP
service agencies, shown at reception and holding back fee reductions and priority
examination while in force. Below ``cases`` so that reception can consult it."""
