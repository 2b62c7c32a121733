"""What the hall is and who works in it: hall settings and the first start (settings),
staff accounts and passwords (staff), the catalogue of the 33 items with versions and
pinyin search (catalog, catalog_search), information pages (info), 一件事 bundles
(bundles), working days and holiday overrides (calendar). Pure rules in rules/.

May import core, identity, audit, db. Never imports cases, queue, printing or sync.
"""
