"""Printers and the print queue: printer configuration (config, views), the durable
queue and its workers (queue, store, pool, worker, status), rendering a job for a printer's
language (render), the test page (selftest) and the service the screens use (service).

May import core, audit, hall, db, printers. Never imports cases or queue.
"""
