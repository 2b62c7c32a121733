"""A case from the window to the applicant's hands: reception (reception, store, views,
numbering), approval and its work list (approval, worklist, deadlines), delivery at the
window or by mail (delivery, mail_report), fees (payments, reconciliation) and the notices
(documents, documents_delivery, document_base). Pure rules in rules/ (states, reception,
approval, delivery, numbers).

May import core, identity, audit, hall, db, printers. Never imports queue, printing or sync.
"""
